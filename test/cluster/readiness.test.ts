import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessReadiness } from '../../src/cluster/readiness.ts';
import type { KubeObject } from '../../src/model/kube.ts';

function object(apiVersion: string, kind: string, extra: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'ns', ...metadata }, ...extra } as KubeObject;
}

describe('readiness rules against operators\' real status fields', () => {
  it('calls a KafkaNodePool ready from its node IDs, since Strimzi never writes a Ready condition on pools', () => {
    const pool = (status: Record<string, unknown>) => object('kafka.strimzi.io/v1', 'KafkaNodePool', { spec: { replicas: 3, roles: ['broker'] }, status }, { generation: 2 });
    assert.equal(assessReadiness(pool({ observedGeneration: 2, replicas: 3, nodeIds: [0, 1, 2], roles: ['broker'] })).state, 'ready');
    assert.equal(assessReadiness(pool({ observedGeneration: 2, replicas: 2, nodeIds: [0, 1] })).state, 'progressing');
    assert.equal(assessReadiness(pool({ observedGeneration: 1, replicas: 3, nodeIds: [0, 1, 2] })).state, 'progressing');
  });

  it('follows a CNPG Pooler to its PgBouncer Deployment because status.instances counts scheduled pods, not ready ones', () => {
    const pooler = object('postgresql.cnpg.io/v1', 'Pooler', { spec: { instances: 2 }, status: { instances: 2 } }, { name: 'pg-pooler-rw' });
    const verdict = assessReadiness(pooler);
    assert.equal(verdict.state, 'progressing');
    assert.deepEqual(verdict.follow, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'pg-pooler-rw', namespace: 'ns' });
    const scheduling = assessReadiness(object('postgresql.cnpg.io/v1', 'Pooler', { spec: { instances: 2 }, status: { instances: 1 } }));
    assert.equal(scheduling.follow, undefined);
  });

  it('follows a RedisSentinel to the `<name>-sentinel` StatefulSet the OT operator creates, and a RedisReplication to its own name', () => {
    const sentinel = assessReadiness(object('redis.redis.opstreelabs.in/v1beta2', 'RedisSentinel', { spec: {} }, { name: 'datalyptica-redis-sentinel' }));
    assert.equal(sentinel.follow?.name, 'datalyptica-redis-sentinel-sentinel');
    const replication = assessReadiness(object('redis.redis.opstreelabs.in/v1beta2', 'RedisReplication', { spec: {} }, { name: 'datalyptica-redis' }));
    assert.equal(replication.follow?.name, 'datalyptica-redis');
  });
});
