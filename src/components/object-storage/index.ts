import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { minioAlerts, minioMetrics } from './metrics.ts';
import { objectStorageOptions, type ObjectStorageOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { BUCKET_KEYS, MINIO_POD_PORT } from '../../platform/object-storage.ts';
import { externalStorage } from './external.ts';
import { MINIO_MAINTENANCE_WARNING, minioStorage } from './minio.ts';
import { odfStorage } from './odf.ts';
import { MINIO_OPERATOR_VERSION } from './operator.ts';
import { consumerFlows } from '../../platform/consumers.ts';

export { tenantReadiness } from '../../kinds/minio.ts';
export { obcReadiness } from '../../kinds/objectbucket.ts';
export { MINIO_MAINTENANCE_WARNING };

/** S3 put/get/delete on each bucket with the keys consumers get. */
function s3Checks(ctx: BuildContext<ObjectStorageOptions>): LiveCheck[] {
  const s3 = ctx.objectStorage;
  return BUCKET_KEYS.map((bucket) => ({
    id: `object-storage.s3.${bucket}`,
    group: 'connectivity',
    title: `S3 put/get/delete on bucket ${s3.buckets[bucket]}`,
    probe: { type: 's3', endpoint: s3.probeEndpoint, bucket: s3.buckets[bucket], ...s3.probeKeys(bucket), region: s3.region, pathStyle: s3.pathStyle },
    timeoutSeconds: 30,
  }));
}

function minioFlows(ctx: BuildContext<ObjectStorageOptions>): Flow[] {
  const port = [{ port: MINIO_POD_PORT, name: 's3' }];
  return [
    // Every component that declares `consumes: [{ component: 'object-storage' }]` (each gets its keys through `ctx.objectStorage.consumerSecret()`).
    ...consumerFlows(ctx.consumers, { ports: port, describe: (c) => `${c} reads and writes its buckets through the S3 API` }),
    { from: { kind: 'component', component: 'object-storage' }, ports: port, description: 'MinIO servers talk to each other; the versioning Job calls the S3 API' },
    { from: { kind: 'operator', operator: 'minio' }, ports: port, description: 'the MinIO operator creates users and buckets through the admin API' },
  ];
}

/**
 * The CA side of the trust mechanism (docs/decisions/storage.md): the service CA ConfigMaps for
 * every namespace that mounts one (consumers and, with MinIO, the versioning Job), and the user's
 * `objectStorage.caSecret`, which must exist before deploy copies it.
 */
function trustParts(ctx: BuildContext<ObjectStorageOptions>): Pick<ComponentBuild, 'objects' | 'secrets' | 'warnings'> {
  const s3 = ctx.objectStorage;
  const namespaces = ctx.consumers.map((c) => c.namespace);
  const versioning = s3.mode === 'minio' && ctx.options().minio.versioning;
  if (versioning) namespaces.push(ctx.namespace);
  const secrets: SecretRequirement[] = [];
  const caSecret = ctx.config.objectStorage.caSecret;
  if (caSecret !== undefined) {
    secrets.push({
      name: caSecret,
      namespace: ctx.systemNamespace,
      source: 'external',
      keys: [{ key: 'ca.crt', kind: 'base64-key' }],
      description: `CA bundle (PEM, certificate only) that signs the S3 endpoint's certificate; create it with \`oc -n ${ctx.systemNamespace} create secret generic ${caSecret} --from-file=ca.crt=<your CA bundle>\``,
      consumers: ['object-storage'],
    });
    if (versioning) secrets.push(...(s3.consumerTrust(ctx.namespace, 'object-storage')?.secrets ?? []));
  }
  const warnings =
    s3.mode === 'odf' && !ctx.openshift && caSecret === undefined
      ? ['objectStorage.mode odf on Kubernetes has no OpenShift service CA: set objectStorage.caSecret to the CA of your bucket provisioner\'s S3 endpoint, or consumers fall back to their images\' system trust and TLS to S3 fails']
      : [];
  return { objects: s3.serviceCaConfigMaps(namespaces, ctx.labels('s3-ca')), secrets, warnings };
}

function build(ctx: BuildContext<ObjectStorageOptions>): ComponentBuild {
  const base = { ...emptyBuild(), checks: s3Checks(ctx) };
  const mode = modeBuild(ctx, base);
  const trust = trustParts(ctx);
  return {
    ...mode,
    objects: [...mode.objects, ...trust.objects],
    secrets: [...mode.secrets, ...trust.secrets],
    warnings: [...mode.warnings, ...trust.warnings],
  };
}

function modeBuild(ctx: BuildContext<ObjectStorageOptions>, base: ComponentBuild): ComponentBuild {
  switch (ctx.objectStorage.mode) {
    case 'external':
      return { ...base, ...externalStorage(ctx) };
    case 'odf': {
      const odf = odfStorage(ctx);
      return { ...base, ...odf, checks: [...odf.checks, ...base.checks] };
    }
    case 'minio': {
      const minio = minioStorage(ctx);
      const metrics = minioMetrics(ctx, ctx.objectStorage.tenantName, MINIO_POD_PORT);
      const alerts = minioAlerts(ctx, metrics, ctx.objectStorage.tenantName);
      return { ...base, ...minio, checks: [...minio.checks, ...base.checks], flows: minioFlows(ctx), metrics: [metrics], alerts };
    }
  }
}

/**
 * Object storage: an external S3 (default), ODF ObjectBucketClaims, or a MinIO Tenant (test
 * only). No S3 CSI StorageClass: the seed's mixes two drivers and neither provisions buckets.
 */
export const objectStorage: ComponentDefinition<ObjectStorageOptions> = {
  name: 'object-storage',
  title: 'Object storage (S3: external, ODF or MinIO)',
  tier: 'system',
  layer: 'storage',
  phase: 'storage',
  version: MINIO_OPERATOR_VERSION,
  enabledByDefault: true,
  options: objectStorageOptions,
  build,
};
