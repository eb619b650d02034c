import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserConfig } from '../../src/config/schema.ts';
import { ZONE_TOPOLOGY_KEY } from '../../src/platform/pod-policy.ts';
import { at, findObject, objectsOf, platformFor } from '../support/platform.ts';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
/** Workloads with their own pod templates, plain and operator-managed, all replicated in production. */
const EVERYTHING: UserConfig['components'] = { grafana: { enabled: true }, prometheus: { enabled: true }, alertmanager: { enabled: true }, keycloak: { enabled: true } };

/** `kind/name → whenUnsatisfiable` of every zone spread constraint anywhere in the rendered objects. */
function zoneSpreads(config: UserConfig): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (value: unknown, owner: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, owner);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const constraint of Array.isArray(record['topologySpreadConstraints']) ? (record['topologySpreadConstraints'] as Record<string, unknown>[]) : []) {
      if (constraint['topologyKey'] !== ZONE_TOPOLOGY_KEY) continue;
      found.set(owner, (found.get(owner) ?? new Set()).add(String(constraint['whenUnsatisfiable'])));
    }
    for (const child of Object.values(record)) walk(child, owner);
  };
  for (const placed of platformFor(config).objects) walk(placed.object, `${placed.object.kind}/${placed.object.metadata.name}`);
  return found;
}

describe('the platform pod policy', () => {
  it('spreads every replicated workload over zones with one policy, ScheduleAnyway by default', () => {
    const spreads = zoneSpreads({ profile: 'production', target: 'kubernetes', zones: ZONES, components: EVERYTHING });
    for (const kind of ['KafkaNodePool', 'KafkaConnect', 'Cluster', 'Pooler', 'ClickHouseInstallation', 'RedisReplication', 'Grafana', 'Prometheus', 'Alertmanager', 'Keycloak', 'Deployment']) {
      assert.ok([...spreads.keys()].some((owner) => owner.startsWith(`${kind}/`)), `no zone spread on any ${kind}: ${[...spreads.keys()].join(', ')}`);
    }
    assert.deepEqual(new Set([...spreads.values()].flatMap((set) => [...set])), new Set(['ScheduleAnyway']));
  });

  it('makes every zone spread hard when scheduling.zoneSpread is DoNotSchedule', () => {
    const soft = zoneSpreads({ profile: 'production', zones: ZONES });
    const hard = zoneSpreads({ profile: 'production', zones: ZONES, scheduling: { zoneSpread: 'DoNotSchedule' } });
    assert.deepEqual([...hard.keys()].sort(), [...soft.keys()].sort());
    assert.deepEqual(new Set([...hard.values()].flatMap((set) => [...set])), new Set(['DoNotSchedule']));
  });

  it('spreads nothing over zones on a single-zone cluster', () => {
    assert.equal(zoneSpreads({ profile: 'production', target: 'kubernetes', components: EVERYTHING }).size, 0);
  });

  it('runs the log collector as a node agent: UID 0 with capabilities dropped, on tainted nodes too', () => {
    const collector = findObject(objectsOf(platformFor({ target: 'kubernetes', components: { loki: { enabled: true }, alloy: { enabled: true } } }), 'alloy'), 'DaemonSet', 'alloy');
    assert.deepEqual(at(collector, 'spec.template.spec.securityContext'), { seccompProfile: { type: 'RuntimeDefault' } });
    assert.deepEqual(at(collector, 'spec.template.spec.tolerations'), [{ operator: 'Exists', effect: 'NoSchedule' }]);
    const context = at(collector, 'spec.template.spec.containers.0.securityContext') as Record<string, unknown>;
    assert.equal(context['runAsUser'], 0);
    assert.equal(context['allowPrivilegeEscalation'], false);
    assert.deepEqual(context['capabilities'], { drop: ['ALL'] });
  });

  it('puts the configured pull secrets on plain pods and operator pod templates alike', () => {
    const platform = platformFor({ profile: 'production', images: { pullSecrets: ['mirror-pull'] } });
    const expected = [{ name: 'mirror-pull' }];
    assert.deepEqual(at(findObject(objectsOf(platform, 'nessie'), 'Deployment', 'nessie'), 'spec.template.spec.imagePullSecrets'), expected);
    const pool = objectsOf(platform, 'kafka').find((o) => o.kind === 'KafkaNodePool')!;
    assert.deepEqual(at(pool, 'spec.template.pod.imagePullSecrets'), expected);
    const cluster = objectsOf(platform, 'postgres').find((o) => o.kind === 'Cluster')!;
    assert.deepEqual(at(cluster, 'spec.imagePullSecrets'), expected);
  });
});
