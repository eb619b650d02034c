import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, findObject, objectsOf } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { platformWith } from '../object-storage/support.ts';

describe('clickhouse', () => {
  const platform = platformWith({});
  const objects = objectsOf(platform, 'clickhouse');
  const chi = findObject(objects, 'ClickHouseInstallation', 'datalyptica');
  const chk = findObject(objects, 'ClickHouseKeeperInstallation', 'datalyptica');

  it('runs one shard of 3 replicas on distinct nodes with 500Gi fast volumes in production', () => {
    assert.deepEqual(at(chi, 'spec.configuration.clusters.0.layout'), { shardsCount: 1, replicasCount: 3 });
    assert.ok(at(chi, 'spec.templates.podTemplates.0.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution'));
    assert.equal(at(chi, 'spec.templates.volumeClaimTemplates.0.spec.resources.requests.storage'), '500Gi');
  });

  it('replicates through a 3-node ClickHouse Keeper', () => {
    assert.equal(at(chk, 'spec.configuration.clusters.0.layout.replicasCount'), 3);
    assert.deepEqual(at(chi, 'spec.configuration.zookeeper.nodes'), [{ host: 'keeper-datalyptica', port: 2181 }]);
  });

  it('reads every user password from a Secret, never a literal', () => {
    const users = at(chi, 'spec.configuration.users') as Record<string, unknown>;
    assert.deepEqual(users['admin/password'], { valueFrom: { secretKeyRef: { name: 'clickhouse-users', key: 'admin-password' } } });
    assert.ok(Object.keys(users).every((key) => !key.includes('/k8s_secret_')), 'no k8s_secret_ shorthand (rejected from operator 0.27.4 on)');
    const passwords = Object.entries(users).filter(([key]) => /\/password(_sha256_hex|_double_sha1_hex)?$/.test(key));
    assert.deepEqual(passwords.map(([key]) => key), ['admin/password', 'app/password', 'reader/password', 'trino/password', 'superset/password']);
    for (const [key, value] of passwords) assert.equal(typeof (value as { valueFrom?: { secretKeyRef?: { name?: unknown } } }).valueFrom?.secretKeyRef?.name, 'string', `${key} comes from a Secret`);
    assert.equal(platform.secrets.find((s) => s.name === 'clickhouse-users')?.source, 'generated');
  });

  it('uses the restricted security context without a fixed UID on OpenShift', () => {
    const pod = at(chi, 'spec.templates.podTemplates.0.spec') as Record<string, unknown>;
    assert.equal(at(pod, 'securityContext.runAsUser'), undefined);
    assert.deepEqual(at(pod, 'containers.0.securityContext.capabilities'), { drop: ['ALL'] });
    const k8s = findObject(objectsOf(platformWith({ target: 'kubernetes' }), 'clickhouse'), 'ClickHouseInstallation', 'datalyptica');
    assert.equal(at(k8s, 'spec.templates.podTemplates.0.spec.securityContext.runAsUser'), 101);
  });

  it('declares the flows: queries on 8123/9000, interserver 9009, Keeper 2181 and Raft, metrics 8001', () => {
    const flows = platform.components.get('clickhouse')?.build.flows ?? [];
    const ports = (peer: string) => flows.filter((f) => f.from.kind === 'component' && f.from.component === peer).flatMap((f) => f.ports.map((p) => p.port));
    assert.deepEqual(ports('trino'), [8123, 9000]);
    assert.ok(ports('clickhouse').includes(9009) && ports('clickhouse').includes(2181) && ports('clickhouse').includes(9444));
    const metrics = platform.components.get('clickhouse')?.build.metrics ?? [];
    assert.deepEqual(metrics.map((m) => [m.name, m.targetPort]), [['clickhouse', 8001], ['clickhouse-keeper', 7000]]);
  });

  it('installs the Altinity operator and pings ClickHouse in the live checks', () => {
    const build = platform.components.get('clickhouse')?.build;
    assert.equal(build?.operators[0]?.olm.package, 'clickhouse');
    assert.ok(build?.checks.some((c) => c.probe.type === 'clickhouse'));
  });

  it('adds an S3 disk with environment credentials from the shared copy Secret when asked', () => {
    const withS3 = platformWith({ components: { clickhouse: { s3Disk: { enabled: true } } } });
    const installation = findObject(objectsOf(withS3, 'clickhouse'), 'ClickHouseInstallation', 'datalyptica');
    const files = at(installation, 'spec.configuration.files') as Record<string, string>;
    assert.match(files['config.d/s3-storage.xml'] ?? '', /use_environment_credentials>true/);
    assert.ok(withS3.components.get('clickhouse')?.build.egress.some((e) => e.to.kind === 'object-storage'));
  });

  it('matches the production snapshot', () => {
    matchSnapshot('clickhouse/production', objects);
  });

  it('declares the trino user from the clickhouse-user-trino value group only when Trino runs', () => {
    const users = at(chi, 'spec.configuration.users') as Record<string, unknown>;
    assert.deepEqual(users['trino/password'], { valueFrom: { secretKeyRef: { name: 'clickhouse-user-trino', key: 'password' } } });
    const secret = platform.components.get('clickhouse')!.build.secrets.find((s) => s.name === 'clickhouse-user-trino');
    assert.equal(secret?.valueGroup, 'clickhouse-user-trino');
    assert.equal(secret?.keys.find((k) => k.key === 'password')?.value, undefined);
    const without = platformWith({ components: { trino: { enabled: false }, dbt: { enabled: false } } });
    const chiWithout = findObject(objectsOf(without, 'clickhouse'), 'ClickHouseInstallation', 'datalyptica');
    assert.equal((at(chiWithout, 'spec.configuration.users') as Record<string, unknown>)['trino/password'], undefined);
    assert.ok(!without.secrets.some((s) => s.name === 'clickhouse-user-trino'));
  });

  it('declares a read-only superset user sharing its password with Superset\'s copy, only when Superset runs', () => {
    const users = at(chi, 'spec.configuration.users') as Record<string, unknown>;
    assert.deepEqual(users['superset/password'], { valueFrom: { secretKeyRef: { name: 'clickhouse-user-superset', key: 'password' } } });
    assert.equal(users['superset/profile'], 'readonly');
    const ours = platform.secrets.find((s) => s.name === 'clickhouse-user-superset' && s.namespace === 'datalyptica-query');
    const theirs = platform.secrets.find((s) => s.name === 'superset-clickhouse');
    assert.ok(ours && theirs, 'both sides of the login are planned');
    assert.equal(ours.valueGroup, theirs.valueGroup);
    assert.equal(theirs.keys.find((k) => k.key === 'username')?.value, 'superset');
    const without = platformWith({ components: { superset: { enabled: false } } });
    const chiWithout = findObject(objectsOf(without, 'clickhouse'), 'ClickHouseInstallation', 'datalyptica');
    assert.equal((at(chiWithout, 'spec.configuration.users') as Record<string, unknown>)['superset/password'], undefined);
  });
});
