import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capacityChecker } from '../../../src/check/capacity/capacity-checker.ts';
import { expandNodes, inventoryOf, REFERENCE_INVENTORY } from '../../../src/check/capacity/inventory.ts';
import { placePods, podsOf } from '../../../src/check/capacity/placement.ts';
import { CAP } from '../../../src/check/capacity/rules.ts';
import type { PodFootprint } from '../../../src/model/resources.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';
import { rulesOf, run } from '../support.ts';

const base = platformFor({});
const res = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });

function withFootprints(footprints: PodFootprint[], nodes: { name: string; count: number; cpu: string; memory: string }[]): Platform {
  const first = [...base.components.values()][0]!;
  const components = new Map([[first.definition.name, { ...first, build: { ...first.build, footprint: footprints } }]]);
  return { ...base, config: { ...base.config, nodes }, components: components as Platform['components'] };
}

describe('capacity checker', () => {
  for (const combination of ALL_COMBINATIONS) {
    it(`finds no error in the ${combination.profile} ${combination.target} ${combination.layout} platform on its reference nodes`, () => {
      assert.deepEqual(run(capacityChecker, platformFor(combination)).filter((f) => f.severity === 'error'), []);
    });
  }

  it('uses the seed\'s node pools as the reference inventory', () => {
    assert.equal(expandNodes(REFERENCE_INVENTORY.production).length, 22);
    assert.equal(expandNodes(REFERENCE_INVENTORY.small).length, 5);
    assert.equal(inventoryOf({ profile: 'dev' }).reference, true);
  });

  it('places pods deterministically, spreading replicas and honouring required anti-affinity', () => {
    const nodes = expandNodes([{ name: 'n', count: 3, cpu: '8', memory: '32Gi' }]);
    const pods = podsOf([{ name: 'db', namespace: 'ns', replicas: 3, resources: res('2', '8Gi'), spreadRequired: true }]);
    const a = placePods(pods, nodes);
    const b = placePods(pods, nodes);
    assert.deepEqual([...a.byNode.entries()], [...b.byNode.entries()]);
    assert.deepEqual([...a.byNode.values()].map((p) => p.length), [1, 1, 1]);
  });

  it('catches total requests above the inventory', () => {
    const findings = run(capacityChecker, withFootprints([{ name: 'big', namespace: 'ns', replicas: 10, resources: res('4', '8Gi') }], [{ name: 'n', count: 2, cpu: '8', memory: '32Gi' }]));
    assert.ok(rulesOf(findings).includes(CAP.total.id));
  });

  it('catches a pod larger than any node', () => {
    const findings = run(capacityChecker, withFootprints([{ name: 'huge', namespace: 'ns', replicas: 1, resources: res('64', '8Gi') }], [{ name: 'n', count: 3, cpu: '32', memory: '128Gi' }]));
    assert.deepEqual(rulesOf(findings).filter((r) => r !== CAP.headroom.id), [CAP.podTooLarge.id]);
  });

  it('catches pods that fit in total but not once packed', () => {
    // 3 pods of 4 cores on 2 nodes of 7 cores (6.3 allocatable each): 12 fits the 12.6 total, but one pod per node.
    const findings = run(capacityChecker, withFootprints([{ name: 'frag', namespace: 'ns', replicas: 3, resources: res('4', '4Gi') }], [{ name: 'n', count: 2, cpu: '7', memory: '64Gi' }]));
    assert.ok(rulesOf(findings).includes(CAP.unplaced.id), rulesOf(findings).join());
  });

  it('warns when a node has no headroom left', () => {
    const findings = run(capacityChecker, withFootprints([{ name: 'tight', namespace: 'ns', replicas: 1, resources: res('7', '4Gi') }], [{ name: 'n', count: 1, cpu: '8', memory: '64Gi' }]));
    assert.ok(findings.some((f) => f.rule === CAP.headroom.id && f.severity === 'warning'));
  });

  it('warns when a failed node\'s pods cannot be rescheduled (no N+1)', () => {
    const findings = run(capacityChecker, withFootprints([{ name: 'full', namespace: 'ns', replicas: 2, resources: res('6', '4Gi') }], [{ name: 'n', count: 2, cpu: '8', memory: '64Gi' }]));
    assert.ok(findings.some((f) => f.rule === CAP.reschedule.id));
  });
});
