import type { KubeObject } from '../model/kube.ts';
import { kindsOf, type KindEntry } from './kind.ts';
import { failed, progressing, ready, statusOf, str, type ReadinessRule } from './readiness.ts';

const redisCluster: ReadinessRule = (o) => {
  const state = str(statusOf(o)['state']);
  if (state === 'Failed') return failed(`state Failed: ${str(statusOf(o)['reason'])}`);
  return state === 'Ready' ? ready('Ready') : progressing(`state ${state || 'unset'}`);
};

/**
 * OT redis-operator's RedisReplication/RedisSentinel report no readiness; their StatefulSet does.
 * A RedisReplication's StatefulSet has its name; a RedisSentinel's is `<name>-sentinel`
 * (`CreateRedisSentinelSetup`: `cr.Name + "-" + "sentinel"`).
 * @see https://github.com/OT-CONTAINER-KIT/redis-operator/blob/main/pkg/k8sutils/redis-sentinel.go
 */
const redisViaStatefulSet: ReadinessRule = (o) => {
  const name = o.kind === 'RedisSentinel' ? `${o.metadata.name}-sentinel` : o.metadata.name;
  return progressing('waiting for its StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', name, namespace: o.metadata.namespace ?? '' });
};

/** The operator's finalizer deletes the PVCs with the resource unless `storage.keepAfterDelete` is true. */
function deletesVolumes(object: KubeObject): boolean {
  const storage = (object['spec'] as { storage?: { keepAfterDelete?: boolean } } | undefined)?.storage;
  return storage !== undefined && storage.keepAfterDelete !== true;
}

/**
 * redis.redis.opstreelabs.in (OT redis-operator).
 * @see https://github.com/OT-CONTAINER-KIT/redis-operator
 */
export const REDIS_KINDS: readonly KindEntry[] = kindsOf('redis.redis.opstreelabs.in', [
  { kind: 'Redis', holdsData: deletesVolumes },
  { kind: 'RedisCluster', readiness: redisCluster, validated: true, holdsData: deletesVolumes },
  { kind: 'RedisReplication', readiness: redisViaStatefulSet, validated: true, holdsData: deletesVolumes },
  { kind: 'RedisSentinel', readiness: redisViaStatefulSet, validated: true, holdsData: deletesVolumes },
]);
