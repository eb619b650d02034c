import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { ComponentName } from '../../model/names.ts';
import type { BuildContext } from '../../platform/context.ts';
import { BUCKET_KEYS, MINIO_POD_PORT } from '../../platform/object-storage.ts';
import { externalStorage } from './external.ts';
import { MINIO_MAINTENANCE_WARNING, minioStorage } from './minio.ts';
import { odfStorage } from './odf.ts';
import { MINIO_OPERATOR_VERSION } from './operator.ts';

export { tenantReadiness, obcReadiness, type Readiness } from './readiness.ts';
export { MINIO_MAINTENANCE_WARNING };

/**
 * Every component that reads or writes S3 (PostgreSQL backups, the Iceberg engines, MLflow
 * artifacts, Loki chunks, ClickHouse's S3 disk). Kafka Connect is not one: no connector it
 * ships writes to S3. Each gets its keys through
 * `ctx.objectStorage.consumerSecret()`; with MinIO each gets a flow into the Tenant.
 */
export const OBJECT_STORAGE_CONSUMERS: readonly ComponentName[] = [
  'postgres',
  'nessie',
  'spark',
  'flink',
  'trino',
  'clickhouse',
  'mlflow',
  'loki',
];

/** S3 put/get/delete on each bucket with the keys consumers get. */
function s3Checks(ctx: BuildContext): LiveCheck[] {
  const s3 = ctx.objectStorage;
  return BUCKET_KEYS.map((bucket) => ({
    id: `object-storage.s3.${bucket}`,
    group: 'connectivity',
    title: `S3 put/get/delete on bucket ${s3.buckets[bucket]}`,
    probe: { type: 's3', endpoint: s3.probeEndpoint, bucket: s3.buckets[bucket], ...s3.probeKeys(bucket), region: s3.region, pathStyle: s3.pathStyle },
    timeoutSeconds: 30,
  }));
}

function minioFlows(ctx: BuildContext): Flow[] {
  const port = [{ port: MINIO_POD_PORT, name: 's3' }];
  const consumers = OBJECT_STORAGE_CONSUMERS.filter((c) => ctx.isEnabled(c));
  return [
    ...consumers.map((component) => ({ from: { kind: 'component' as const, component }, ports: port, description: `${component} reads and writes its buckets through the S3 API` })),
    { from: { kind: 'component', component: 'object-storage' }, ports: port, description: 'MinIO servers talk to each other; the versioning Job calls the S3 API' },
    { from: { kind: 'operator', operator: 'minio' }, ports: port, description: 'the MinIO operator creates users and buckets through the admin API' },
    { from: { kind: 'monitoring' }, ports: port, description: 'Prometheus scrapes /minio/v2/metrics/cluster' },
  ];
}

function build(ctx: BuildContext): ComponentBuild {
  const base = { ...emptyBuild(), checks: s3Checks(ctx) };
  switch (ctx.objectStorage.mode) {
    case 'external':
      return { ...base, ...externalStorage(ctx) };
    case 'odf': {
      const odf = odfStorage(ctx);
      return { ...base, ...odf, checks: [...odf.checks, ...base.checks] };
    }
    case 'minio': {
      const minio = minioStorage(ctx);
      return { ...base, ...minio, checks: [...minio.checks, ...base.checks], flows: minioFlows(ctx) };
    }
  }
}

/**
 * Object storage: an external S3 (default), ODF ObjectBucketClaims, or a MinIO Tenant (test
 * only). No S3 CSI StorageClass: the seed's mixes two drivers and neither provisions buckets (audit A-37).
 */
export const objectStorage: ComponentDefinition = {
  name: 'object-storage',
  title: 'Object storage (S3: external, ODF or MinIO)',
  tier: 'system',
  layer: 'storage',
  phase: 'storage',
  version: MINIO_OPERATOR_VERSION,
  enabledByDefault: true,
  build,
};
