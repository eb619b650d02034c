import type { DisruptionSpec } from '../../model/component.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import { REDIS_PORT, type RedisPlan } from './objects.ts';

/** The operator renders the PodDisruptionBudgets (spec.pdb): never a second one (the eviction API refuses evictions for a pod two PDBs select). */
export function redisDisruption(plan: RedisPlan): DisruptionSpec[] {
  const { sizing, sentinels, name, sentinelName, sentinelApp, namespace } = plan;
  return [
      { name, namespace, selector: { app: name }, replicas: sizing.replicas, operatorManaged: true },
      { name: sentinelName, namespace, selector: { app: sentinelApp }, replicas: sentinels, operatorManaged: true },
    ];
}

/** Live checks: servers and Sentinels ready, PING with the password. */
export function redisChecks(plan: RedisPlan): LiveCheck[] {
  const { sizing, sentinels, name, sentinelApp, namespace, access } = plan;
  return [
      { id: 'redis.replication', group: 'data', title: 'The Redis replication group is ready', probe: { type: 'pods-ready', namespace, selector: { app: name }, min: sizing.replicas } },
      ...(sizing.replicas > 1
        ? [{ id: 'redis.sentinel', group: 'data' as const, title: 'Redis Sentinels are ready', probe: { type: 'pods-ready' as const, namespace, selector: { app: sentinelApp }, min: sentinels } }]
        : []),
      {
        id: 'redis.ping',
        group: 'connectivity',
        title: 'Redis answers PING with the password',
        probe: { type: 'redis', endpoint: { namespace, service: `${name}-master`, port: REDIS_PORT }, password: { namespace, name: access.secretName, key: access.passwordKey } },
      },
    ];
}

/** Servers with their volumes; Sentinels when there is failover. */
export function redisFootprint(plan: RedisPlan): PodFootprint[] {
  const { sizing, sentinelSizing, sentinels, namespace } = plan;
  return [
      { name: 'redis', namespace, replicas: sizing.replicas, resources: sizing.resources, storage: [{ tier: 'fast', size: sizing.storage ?? '2Gi' }], spreadRequired: sizing.replicas > 1, minAvailable: 1 },
      ...(sizing.replicas > 1
        ? [{ name: 'redis-sentinel', namespace, replicas: sentinels, resources: sentinelSizing.resources, spreadRequired: true, minAvailable: Math.floor(sentinels / 2) + 1 }]
        : []),
    ];
}
