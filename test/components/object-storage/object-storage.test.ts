import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { tenantReadiness, obcReadiness } from '../../../src/components/object-storage/index.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { platformWith } from './support.ts';

const MODES = ['external', 'odf', 'minio'] as const;

describe('object-storage', () => {
  it('renders nothing in external mode and declares the user Secret as external in the system namespace', () => {
    const platform = platformWith({});
    assert.deepEqual(objectsOf(platform, 'object-storage'), []);
    const secret = platform.secrets.find((s) => s.name === 'datalyptica-s3-credentials');
    assert.equal(secret?.source, 'external');
    assert.equal(secret?.namespace, 'datalyptica-system');
  });

  it('renders one ObjectBucketClaim per bucket with the NooBaa class in odf mode, and nothing else', () => {
    const objects = objectsOf(platformWith({ objectStorage: { mode: 'odf' } }), 'object-storage');
    // Plus the service CA ConfigMaps consumers mount (test/components/object-storage/trust.test.ts).
    assert.deepEqual(objects.filter((o) => o.kind !== 'ConfigMap').map((o) => o.kind), ['ObjectBucketClaim', 'ObjectBucketClaim', 'ObjectBucketClaim']);
    assert.ok(objects.filter((o) => o.kind === 'ConfigMap').every((o) => o.metadata.name === 'datalyptica-s3-ca'));
    const warehouse = findObject(objects, 'ObjectBucketClaim', 'datalyptica-warehouse');
    assert.equal(at(warehouse, 'spec.bucketName'), 'datalyptica-warehouse');
    assert.equal(at(warehouse, 'spec.storageClassName'), 'openshift-storage.noobaa.io');
  });

  it('renders a 4 × 4 erasure-coded MinIO Tenant with operator TLS, buckets and a generated root credential in production', () => {
    const platform = platformWith({ objectStorage: { mode: 'minio' } });
    const objects = objectsOf(platform, 'object-storage');
    const tenant = findObject(objects, 'Tenant', 'datalyptica-minio');
    assert.equal(at(tenant, 'spec.pools.0.servers'), 4);
    assert.equal(at(tenant, 'spec.pools.0.volumesPerServer'), 4);
    assert.equal(at(tenant, 'spec.requestAutoCert'), true);
    assert.equal(at(tenant, 'spec.configuration.name'), 'datalyptica-minio-env');
    assert.deepEqual((at(tenant, 'spec.buckets') as { name: string }[]).map((b) => b.name), ['datalyptica-warehouse', 'datalyptica-backups', 'datalyptica-apps']);
    assert.ok(at(tenant, 'spec.pools.0.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution'));
    assert.equal((at(tenant, 'spec.pools.0.labels') as Record<string, string>)['app.kubernetes.io/name'], 'object-storage');
    const root = platform.secrets.find((s) => s.name === 'datalyptica-minio-env');
    assert.equal(root?.source, 'generated');
    assert.ok(root?.keys.some((k) => k.key === 'config.env' && k.template?.includes('${MINIO_ROOT_PASSWORD}')));
    const job = findObject(objects, 'Job', 'datalyptica-minio-versioning');
    assert.match(JSON.stringify(job), /put-bucket-versioning/);
    assert.ok(platform.warnings.some((w) => w.includes('maintenance mode')));
  });

  it('declares S3 put/get/delete checks on every bucket in every mode', () => {
    for (const mode of MODES) {
      const built = platformWith({ objectStorage: { mode } }).components.get('object-storage');
      const s3 = built?.build.checks.filter((c) => c.probe.type === 's3') ?? [];
      assert.equal(s3.length, 3, mode);
    }
  });

  it('judges Tenant readiness from currentState and healthStatus, not conditions', () => {
    const tenant = (status: Record<string, unknown>) => ({ apiVersion: 'minio.min.io/v2', kind: 'Tenant', metadata: { name: 't' }, status });
    assert.equal(tenantReadiness(tenant({ currentState: 'Initialized', healthStatus: 'green' })).state === 'ready', true);
    assert.equal(tenantReadiness(tenant({ currentState: 'Initialized', healthStatus: 'yellow' })).state === 'ready', false);
    assert.equal(tenantReadiness(tenant({ currentState: 'Provisioning', healthStatus: 'green' })).state === 'ready', false);
    assert.equal(tenantReadiness(tenant({ conditions: [{ type: 'Ready', status: 'True' }] })).state === 'ready', false);
    assert.equal(obcReadiness({ apiVersion: 'objectbucket.io/v1alpha1', kind: 'ObjectBucketClaim', metadata: { name: 'b' }, status: { phase: 'Bound' } }).state === 'ready', true);
  });

  it('gives a consumer a copy of the store keys in its own namespace through consumerSecret', () => {
    for (const mode of MODES) {
      const platform = platformWith({ objectStorage: { mode }, components: { clickhouse: { s3Disk: { enabled: true } } } });
      const copy = platform.secrets.find((s) => s.consumers.includes('clickhouse') && s.source === 'copy');
      assert.ok(copy, mode);
      assert.equal(copy.namespace, 'datalyptica-query');
      const clickhouse = JSON.stringify(objectsOf(platform, 'clickhouse'));
      assert.ok(clickhouse.includes(`"name":"${copy.name}"`), `${mode}: ClickHouse reads ${copy.name}`);
      assert.ok(copy.copyFrom, mode);
    }
  });

  it('lets every consumer with MinIO in through a flow on the S3 port', () => {
    const flows = platformWith({ objectStorage: { mode: 'minio' } }).components.get('object-storage')?.build.flows ?? [];
    const from = flows.flatMap((f) => (f.from.kind === 'component' ? [f.from.component] : []));
    // Every consumer declares `consumes: [{ component: 'object-storage' }]` in its own folder.
    for (const consumer of ['postgres', 'nessie', 'spark', 'flink', 'trino', 'clickhouse', 'mlflow', 'airflow', 'loki']) assert.ok(from.includes(consumer as never), consumer);
  });

  it('never puts a key or password literal in the tree', () => {
    for (const mode of MODES) {
      const text = JSON.stringify(platformWith({ objectStorage: { mode }, components: { clickhouse: { s3Disk: { enabled: true } } } }).objects);
      assert.doesNotMatch(text, /"(AWS_SECRET_ACCESS_KEY|MINIO_ROOT_PASSWORD|CONSOLE_SECRET_KEY)","value"/);
      assert.doesNotMatch(text, /stringData|"data":\{"(access|secret)[-_]?key/i);
    }
  });

  it('renders valid objects for every profile, target, layout and mode', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const combination of ALL_COMBINATIONS) {
      for (const mode of MODES) {
        const platform = platformWith({ ...combination, objectStorage: { mode }, components: { clickhouse: { s3Disk: { enabled: true } } } });
        for (const { object, owner } of platform.objects) {
          if (!['object-storage', 'clickhouse', 'dbt', 'operators'].includes(owner)) continue;
          const result = validator.validate(object);
          assert.equal(result.status, 'valid', `${JSON.stringify(combination)} ${mode} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
        }
      }
    }
  });

  it('matches the production MinIO snapshot', () => {
    matchSnapshot('object-storage/minio-production', objectsOf(platformWith({ objectStorage: { mode: 'minio' } }), 'object-storage'));
  });
});
