import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedDisruptions, haChecker, quorumsOf } from '../../../src/check/ha/ha-checker.ts';
import { HA, HA_RULES } from '../../../src/check/ha/rules.ts';
import { selectorMatches } from '../../../src/check/ha/selectors.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';
import { isDeployment, mutated, rulesOf, run, withObjects } from '../support.ts';

type Json = Record<string, any>;
const base = platformFor({});
const nessiePdb = (o: KubeObject) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'nessie';

/** A platform whose only footprint is `footprint`, on `nodes`. */
function withFootprint(platform: Platform, footprint: Json, nodes?: Json[]): Platform {
  const first = [...platform.components.values()][0]!;
  const config = nodes ? { ...platform.config, nodes } : platform.config;
  const components = new Map([[first.definition.name, { ...first, build: { ...first.build, footprint: [footprint] } }]]);
  return { ...platform, config: config as unknown as Platform['config'], components: components as unknown as Platform['components'] };
}

const resources = { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } };

describe('HA checker', () => {
  for (const combination of ALL_COMBINATIONS) {
    it(`finds no error in the ${combination.profile} ${combination.target} ${combination.layout} platform`, () => {
      assert.deepEqual(run(haChecker, platformFor(combination)).filter((f) => f.severity === 'error'), []);
    });
  }

  it('numbers every rule DL-HA-nnn', () => assert.ok(HA_RULES.every((r) => /^DL-HA-\d{3}$/.test(r.id))));

  it('catches a replicated Deployment without a PDB', () => {
    const platform = { ...base, objects: base.objects.filter((p) => !nessiePdb(p.object)) };
    const findings = run(haChecker, platform).filter((f) => f.rule === HA.pdbMissing.id);
    assert.deepEqual(findings.map((f) => f.object?.name), ['nessie']);
  });

  it('catches a PDB that blocks every drain', () => {
    const findings = run(haChecker, mutated(base, nessiePdb, (o) => ((o as Json)['spec'] = { minAvailable: 3, selector: (o as Json)['spec']['selector'] })));
    assert.ok(findings.some((f) => f.rule === HA.pdbBlocksDrain.id && f.object?.name === 'nessie'));
  });

  it('catches two PDBs over the same pods (audit A-06)', () => {
    const second: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'nessie-extra', namespace: 'datalyptica-catalog' }, spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'nessie' } } } };
    const findings = run(haChecker, withObjects(base, [second])).filter((f) => f.rule === HA.pdbOverlap.id);
    assert.ok(findings.some((f) => f.object?.name === 'nessie' && f.message.includes('nessie-extra')));
  });

  it('catches a PDB over pods Strimzi already guards (the seed\'s kafka-pdb)', () => {
    const kafkaPdb: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'kafka-pdb', namespace: 'datalyptica-streaming' }, spec: { maxUnavailable: 1, selector: { matchLabels: { 'strimzi.io/kind': 'Kafka' } } } };
    const findings = run(haChecker, withObjects(base, [kafkaPdb])).filter((f) => f.rule === HA.pdbOverlap.id);
    assert.ok(findings.some((f) => f.object?.name === 'kafka-pdb'));
  });

  it('catches an anti-affinity term whose selector matches nothing (audit A-29)', () => {
    const findings = run(
      haChecker,
      mutated(base, isDeployment('nessie'), (o) => {
        (o as Json)['spec']['template']['spec']['affinity'] = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] } };
      }),
    );
    assert.ok(findings.some((f) => f.rule === HA.antiAffinity.id && f.message.includes('A-29')));
  });

  it('catches replicas with no spreading at all', () => {
    const findings = run(haChecker, mutated(base, isDeployment('nessie'), (o) => delete (o as Json)['spec']['template']['spec']['affinity']));
    assert.ok(findings.some((f) => f.rule === HA.antiAffinity.id && f.object?.name === 'nessie'));
  });

  it('catches an even KRaft controller quorum', () => {
    const findings = run(haChecker, mutated(base, (o) => o.kind === 'KafkaNodePool' && o.metadata.name === 'controller', (o) => ((o as Json)['spec']['replicas'] = 4)));
    assert.ok(findings.some((f) => f.rule === HA.quorum.id && f.message.startsWith('4 KRaft controllers')));
  });

  it('reads quorum sizes from KafkaNodePools, Keeper and Sentinel objects', () => {
    const whats = quorumsOf(base.objects.map((p) => p.object)).map((q) => `${q.what}=${q.members}`).sort();
    assert.ok(whats.some((w) => w.startsWith('KRaft controllers=')), whats.join());
    assert.ok(whats.every((w) => Number(w.split('=')[1]) % 2 === 1), whats.join());
  });

  it('catches a component that does not survive losing one node', () => {
    const platform = withFootprint(base, { name: 'quorum', namespace: 'ns', replicas: 3, minAvailable: 3, resources }, [{ name: 'n', count: 3, cpu: '8', memory: '32Gi' }]);
    const findings = run(haChecker, platform).filter((f) => f.rule === HA.nodeLoss.id);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /ns\/quorum: losing node n-1 leaves 2 of 3/);
  });

  it('passes a spread quorum that keeps its majority after any one node fails', () => {
    const platform = withFootprint(base, { name: 'quorum', namespace: 'ns', replicas: 3, minAvailable: 2, spreadRequired: true, resources }, [{ name: 'n', count: 3, cpu: '8', memory: '32Gi' }]);
    assert.deepEqual(run(haChecker, platform).filter((f) => f.rule === HA.nodeLoss.id), []);
  });

  it('catches required spreading over more replicas than nodes', () => {
    const platform = withFootprint(base, { name: 'wide', namespace: 'ns', replicas: 4, spreadRequired: true, resources }, [{ name: 'n', count: 3, cpu: '8', memory: '32Gi' }]);
    assert.ok(rulesOf(run(haChecker, platform)).includes(HA.spreadImpossible.id));
  });

  it('resolves PDB budgets as the disruption controller does', () => {
    assert.equal(allowedDisruptions({ minAvailable: 2 }, 3), 1);
    assert.equal(allowedDisruptions({ minAvailable: '100%' }, 3), 0);
    assert.equal(allowedDisruptions({ maxUnavailable: '50%' }, 3), 2);
    assert.equal(allowedDisruptions({ maxUnavailable: 0 }, 3), 0);
  });

  it('matches set-based selectors and never an empty one', () => {
    const labels = { app: 'a', tier: 'db' };
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, labels), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels), false);
    assert.equal(selectorMatches({}, labels), false);
  });

  it('uses config.nodes when given', () => {
    const config = resolveConfig({ nodes: [{ name: 'big', count: 1, cpu: '8', memory: '16Gi' }] });
    assert.equal(config.nodes?.[0]?.name, 'big');
  });
});
