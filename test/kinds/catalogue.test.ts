import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import { KIND_CATALOGUE, VALIDATED_KINDS, WAITED_KINDS, holdsData, kindEntry, kindKey } from '../../src/kinds/index.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import { RENDER_MATRIX } from '../support/render-matrix.ts';

describe('the kinds catalogue', () => {
  it('has an entry for every kind any profile, target, layout or variant renders, scoped as rendered', () => {
    const missing = new Set<string>();
    const misScoped = new Set<string>();
    for (const { label, config } of RENDER_MATRIX) {
      for (const { object } of assemblePlatform(resolveConfig(config)).objects) {
        const entry = kindEntry(object);
        if (entry === undefined) {
          missing.add(`${kindKey(object)} (${label})`);
          continue;
        }
        if ((entry.clusterScoped === true) !== (object.metadata.namespace === undefined)) misScoped.add(kindKey(object));
      }
    }
    assert.deepEqual([...missing], []);
    assert.deepEqual([...misScoped], []);
  });

  it('lets validate check the operator resources it used to miss, and nothing that is never rendered', () => {
    for (const key of ['kafka.strimzi.io/KafkaNodePool', 'kafka.strimzi.io/KafkaConnector', 'redis.redis.opstreelabs.in/RedisReplication', 'redis.redis.opstreelabs.in/RedisSentinel']) {
      assert.ok(VALIDATED_KINDS.has(key), key);
    }
    assert.ok(!KIND_CATALOGUE.has('databases.spotahome.com/RedisFailover'));
  });

  it('waits only for kinds that have a readiness rule', () => {
    for (const key of WAITED_KINDS) assert.ok(KIND_CATALOGUE.get(key)?.readiness, key);
    assert.ok(!WAITED_KINDS.has('batch/CronJob') && !WAITED_KINDS.has('/Namespace'));
  });

  it('marks volumes, databases and buckets as data, and plain configuration as not', () => {
    const of = (apiVersion: string, kind: string, spec: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'n' }, spec });
    assert.equal(holdsData(of('v1', 'PersistentVolumeClaim')), true);
    assert.equal(holdsData(of('postgresql.cnpg.io/v1', 'Cluster')), true);
    assert.equal(holdsData(of('kafka.strimzi.io/v1', 'KafkaNodePool', { storage: { type: 'persistent-claim', deleteClaim: true } })), true);
    assert.equal(holdsData(of('kafka.strimzi.io/v1', 'KafkaNodePool', { storage: { type: 'persistent-claim', deleteClaim: false } })), false);
    assert.equal(holdsData(of('v1', 'ConfigMap')), false);
  });
});
