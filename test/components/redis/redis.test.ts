import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const build = (config: UserConfig = {}) => platformFor({ ...config, components: { dbt: { enabled: false }, ...(config.components ?? {}) } });

describe('redis component', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/redis/production', build().components.get('redis')!.build.objects);
  });

  it('runs a 3-node replication group watched by 3 Sentinels in production', () => {
    const objects = objectsOf(build(), 'redis');
    const replication = findObject(objects, 'RedisReplication', 'datalyptica-redis');
    const sentinel = findObject(objects, 'RedisSentinel', 'datalyptica-redis-sentinel');
    assert.equal(at(replication, 'spec.clusterSize'), 3);
    assert.equal(at(sentinel, 'spec.clusterSize'), 3);
    assert.equal(at(sentinel, 'spec.redisSentinelConfig.quorum'), '2');
    assert.equal(at(sentinel, 'spec.redisSentinelConfig.redisReplicationName'), 'datalyptica-redis');
    assert.deepEqual(at(replication, 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchLabels'), { app: 'datalyptica-redis' });
    // The operator labels sentinel pods after their StatefulSet, `<cr name>-sentinel`.
    assert.deepEqual(at(sentinel, 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchLabels'), { app: 'datalyptica-redis-sentinel-sentinel' });
    const checks = build().components.get('redis')!.build.checks;
    assert.deepEqual((checks.find((c) => c.id === 'redis.sentinel')!.probe as { selector: unknown }).selector, { app: 'datalyptica-redis-sentinel-sentinel' });
    assert.equal(at(replication, 'spec.securityContext.allowPrivilegeEscalation'), false);
    assert.equal(at(replication, 'spec.podSecurityContext.runAsUser'), undefined, 'OpenShift assigns the UID');
  });

  it('runs a single server without Sentinel in dev', () => {
    const objects = build({ profile: 'dev' }).components.get('redis')!.build.objects;
    assert.deepEqual(objects.map((o) => o.kind), ['RedisReplication']);
    assert.equal(at(objects[0], 'spec.clusterSize'), 1);
  });

  it('takes its password from a generated Secret and pings with it', () => {
    const b = build().components.get('redis')!.build;
    const objects = objectsOf(build(), 'redis');
    assert.deepEqual(at(findObject(objects, 'RedisReplication', 'datalyptica-redis'), 'spec.kubernetesConfig.redisSecret'), { name: 'datalyptica-redis', key: 'password' });
    assert.equal(b.secrets[0]!.source, 'generated');
    const ping = b.checks.find((c) => c.id === 'redis.ping')!;
    assert.equal(ping.probe.type, 'redis');
    assert.doesNotMatch(JSON.stringify(objects), /"password"\s*:\s*"[^"]/);
  });

  it('declares a flow from Superset only (Airflow needs no broker) and leaves PDBs to the operator', () => {
    const b = build().components.get('redis')!.build;
    const consumers = b.flows.flatMap((f) => (f.from.kind === 'component' && f.from.component !== 'redis' ? [f.from.component] : []));
    assert.deepEqual(consumers, ['superset']);
    assert.ok(b.disruption.every((d) => d.operatorManaged));
    assert.equal(b.operators[0]!.olm.package, 'redis-operator');
  });

  it('switches to Valkey images with the operator feature gate', () => {
    const b = build({ components: { redis: { engine: 'valkey' } } }).components.get('redis')!.build;
    const replication = findObject(b.objects, 'RedisReplication', 'datalyptica-redis');
    assert.match(String(at(replication, 'spec.kubernetesConfig.image')), /valkey\/valkey:/);
    const install = b.operators[0]!.kubernetes;
    assert.deepEqual(install.type === 'helm' ? install.values : undefined, { featureGates: { GenerateConfigInInitContainer: true } });
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'redis')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
