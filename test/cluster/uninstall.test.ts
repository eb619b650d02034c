import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdsData, uninstallLevels } from '../../src/cluster/uninstall.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';

const redis = (storage?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
  kind: 'RedisReplication',
  metadata: { name: 'cache', namespace: 'lake' },
  spec: { clusterSize: 3, ...(storage ? { storage } : {}) },
});
const chi = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'clickhouse.altinity.com/v1', kind: 'ClickHouseInstallation', metadata: { name: 'olap', namespace: 'lake' }, spec });

describe('uninstall data safety', () => {
  it('treats a redis-operator CR whose finalizer deletes its PVCs (keepAfterDelete unset or false) as holding data', () => {
    const template = { volumeClaimTemplate: { spec: { resources: { requests: { storage: '1Gi' } } } } };
    assert.equal(holdsData(redis(template)), true);
    assert.equal(holdsData(redis({ ...template, keepAfterDelete: false })), true);
    assert.equal(holdsData(redis({ ...template, keepAfterDelete: true })), false);
    assert.equal(holdsData(redis()), false);
  });

  it('treats a ClickHouse installation as holding data when any volume claim template is reclaimed with it', () => {
    const retain = { name: 'data', reclaimPolicy: 'Retain' };
    assert.equal(holdsData(chi({ templates: { volumeClaimTemplates: [retain] } })), false);
    assert.equal(holdsData(chi({ templates: { volumeClaimTemplates: [retain, { name: 'logs' }] } })), true);
    assert.equal(holdsData(chi({ templates: { volumeClaimTemplates: [retain, { name: 'logs', reclaimPolicy: 'Delete' }] } })), true);
    assert.equal(holdsData(chi({ defaults: { storageManagement: { reclaimPolicy: 'Retain' } }, templates: { volumeClaimTemplates: [{ name: 'data' }] } })), false);
  });

  for (const combination of ALL_COMBINATIONS) {
    it(`keeps every volume of the ${combination.profile} ${combination.target} ${combination.layout} platform unless purged`, () => {
      for (const { object } of platformFor(combination).objects) {
        const spec = (object['spec'] ?? {}) as Record<string, any>;
        const what = `${object.kind}/${object.metadata.name}`;
        // Either the object is kept, or deleting it cannot take a volume with it.
        if (holdsData(object)) continue;
        if (object.kind === 'Cluster' || object.kind === 'Tenant' || object.kind === 'PersistentVolumeClaim') assert.fail(`${what} owns its volumes but would be deleted`);
        if (object.kind === 'KafkaNodePool' || object.kind === 'Kafka') assert.ok(!JSON.stringify(spec).includes('"deleteClaim":true'), what);
        if (object.kind === 'StatefulSet') assert.notEqual(spec['persistentVolumeClaimRetentionPolicy']?.['whenDeleted'], 'Delete', what);
        if (object.kind.startsWith('Redis') && spec['storage']) assert.equal(spec['storage']['keepAfterDelete'], true, what);
        if (object.kind.startsWith('ClickHouse')) for (const t of spec['templates']?.['volumeClaimTemplates'] ?? []) assert.equal(t['reclaimPolicy'], 'Retain', what);
      }
    });
  }
});

describe('uninstall order', () => {
  it('puts a step after every step that depends on it, however long the chain, and independent leaves first together', () => {
    const graph = {
      steps: [
        { id: 'platform', dependsOn: [] },
        { id: 'operator:cnpg', dependsOn: ['platform'] },
        { id: 'component:postgres', dependsOn: ['operator:cnpg', 'platform'] },
        { id: 'component:nessie', dependsOn: ['component:postgres'] },
        { id: 'component:trino', dependsOn: ['component:nessie', 'component:postgres'] },
        { id: 'component:redis', dependsOn: ['platform'] },
      ],
    };
    const levels = Object.fromEntries(uninstallLevels(graph));
    assert.deepEqual(levels, { 'component:trino': 0, 'component:redis': 0, 'component:nessie': 1, 'component:postgres': 2, 'operator:cnpg': 3, platform: 4 });
  });
});
