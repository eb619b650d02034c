import type { ComponentBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { Sizing } from '../../model/sizing.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { BUCKET_KEYS, MINIO_POD_PORT } from '../../platform/object-storage.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { claimSpec, container, podSpec, serviceAccount } from '../../platform/workload.ts';
import { MINIO_OPERATOR } from './operator.ts';
import type { ObjectStorageOptions } from './options.ts';
import { MINIO_SIZING, MINIO_VOLUMES } from './sizing.ts';

/**
 * The last community MinIO server image the operator's chart pins; community builds are
 * source-only since 2025-10, so mirror it and track CVEs yourself.
 * @see https://github.com/minio/operator/blob/master/helm/tenant/values.yaml
 */
export const MINIO_IMAGE = 'quay.io/minio/minio:RELEASE.2025-04-08T15-41-24Z';
/** AWS CLI for the one-shot versioning Job (`s3api put-bucket-versioning`). */
export const AWS_CLI_IMAGE = 'docker.io/amazon/aws-cli:2.38.4';

export const MINIO_MAINTENANCE_WARNING =
  'objectStorage.mode minio uses the MinIO community edition, which upstream put in maintenance mode (source-only releases since 2025-10, repository unmaintained since 2026-02): use it for tests only; for production use an enterprise S3 (mode external) or OpenShift Data Foundation (mode odf)';

/** The config.env MinIO reads its root credentials from; values come from the Secret's own generated keys. */
const ROOT_CONFIG_TEMPLATE = 'export MINIO_ROOT_USER="${MINIO_ROOT_USER}"\nexport MINIO_ROOT_PASSWORD="${MINIO_ROOT_PASSWORD}"\n';

export interface MinioLayout {
  readonly servers: number;
  readonly volumesPerServer: number;
  readonly volumeSize: string;
}

/** Servers, drives and drive size after profile and options. */
export function minioLayout(ctx: BuildContext<ObjectStorageOptions>): MinioLayout {
  const own = ctx.options().minio;
  const sizing = ctx.sizing(MINIO_SIZING);
  return {
    servers: own.servers ?? sizing.replicas,
    volumesPerServer: own.volumesPerServer ?? MINIO_VOLUMES[ctx.profile],
    volumeSize: own.volumeSize ?? sizing.storage ?? '10Gi',
  };
}

/**
 * `minio`: a MinIO operator Tenant with erasure-coded pools, operator TLS, a generated root
 * credential (config.env) and a generated consoleAdmin user whose keys every consumer gets, the
 * three buckets, and a Job that turns on versioning (the Tenant API cannot).
 * @see https://github.com/minio/operator/blob/master/docs/tenant_crd.adoc
 */
/** The root credentials (operator only) and the user whose keys every S3 consumer gets. */
function minioSecrets(ctx: BuildContext<ObjectStorageOptions>, input: { envSecret: string; userSecret: string }): SecretRequirement[] {
  const { envSecret, userSecret } = input;
  return [
    {
      name: envSecret,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [
        { key: 'MINIO_ROOT_USER', kind: 'username', value: `${ctx.config.namePrefix}-root` },
        { key: 'MINIO_ROOT_PASSWORD', kind: 'password', length: 40 },
        { key: 'config.env', kind: 'password', template: ROOT_CONFIG_TEMPLATE },
      ],
      description: 'MinIO root credentials (config.env read by the Tenant); used by the operator only',
      consumers: ['object-storage'],
    },
    {
      name: userSecret,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [
        { key: 'CONSOLE_ACCESS_KEY', kind: 'token', length: 20 },
        { key: 'CONSOLE_SECRET_KEY', kind: 'password', length: 40 },
      ],
      description: 'the MinIO user the operator creates (consoleAdmin policy); its keys are copied to every S3 consumer',
      consumers: ['object-storage'],
    },
  ];
}

/** Live checks: server pods ready, drives bound, the Tenant green. */
function minioChecks(ctx: BuildContext<ObjectStorageOptions>, input: { tenant: string; servers: number }): LiveCheck[] {
  const { tenant } = input;
  return [
    {
      id: 'object-storage.minio.pods',
      group: 'storage',
      title: 'MinIO server pods are ready',
      probe: { type: 'pods-ready', namespace: ctx.namespace, selector: { 'v1.min.io/tenant': tenant }, min: input.servers },
    },
    {
      id: 'object-storage.minio.pvcs',
      group: 'storage',
      title: 'MinIO drives are bound',
      probe: { type: 'pvcs-bound', namespace: ctx.namespace, selector: { 'v1.min.io/tenant': tenant } },
    },
    {
      id: 'object-storage.minio.tenant',
      group: 'storage',
      title: 'MinIO Tenant is Initialized and green',
      probe: { type: 'object-ready', ref: { apiVersion: 'minio.min.io/v2', kind: 'Tenant', name: tenant, namespace: ctx.namespace } },
    },
  ];
}

/** The servers with their drives; erasure coding keeps the store up with half of them. */
function minioFootprint(ctx: BuildContext<ObjectStorageOptions>, input: { layout: ReturnType<typeof minioLayout>; resources: Sizing['resources'] }): PodFootprint[] {
  const { layout } = input;
  return [
    {
      name: 'minio',
      namespace: ctx.namespace,
      replicas: layout.servers,
      resources: input.resources,
      storage: Array.from({ length: layout.volumesPerServer }, () => ({ tier: 'standard' as const, size: layout.volumeSize })),
      spreadRequired: layout.servers > 1,
      // EC:4 over 16 drives keeps reading with half the drives and writing with half plus one.
      minAvailable: Math.max(1, Math.ceil(layout.servers / 2)),
    },
  ];
}

/** The one server pool: servers × drives, one server per node, the platform's pod policy. */
function minioPool(ctx: BuildContext<ObjectStorageOptions>, input: { tenant: string; layout: ReturnType<typeof minioLayout>; resources: Sizing['resources'] }): Record<string, unknown> {
  const { tenant, layout } = input;
  const podLabels = { ...ctx.labels('minio'), 'v1.min.io/tenant': tenant };
  // One server per node: two servers on one node would lose two erasure sets' drives at once.
  const policy = podPolicy(ctx, {
    selector: { 'v1.min.io/tenant': tenant },
    replicas: layout.servers,
    antiAffinity: layout.servers > 1 ? 'required' : 'none',
    kubernetesUser: { runAsUser: 1000, fsGroup: 1000 },
  });
  return {
    name: 'pool-0',
    servers: layout.servers,
    volumesPerServer: layout.volumesPerServer,
    volumeClaimTemplate: {
      metadata: { name: 'data' },
      spec: claimSpec({ name: 'data', size: layout.volumeSize, storageClass: ctx.storageClass('standard') }),
    },
    labels: podLabels,
    resources: { requests: { ...input.resources.requests }, limits: { ...input.resources.limits } },
    securityContext: policy.securityContext,
    containerSecurityContext: policy.containerSecurityContext,
    ...policy.scheduling,
  };
}

export function minioStorage(ctx: BuildContext<ObjectStorageOptions>): Pick<ComponentBuild, 'objects' | 'secrets' | 'warnings' | 'checks' | 'operators' | 'footprint' | 'disruption' | 'readiness'> {
  const s3 = ctx.objectStorage;
  const tenant = s3.tenantName;
  const layout = minioLayout(ctx);
  const sizing = ctx.sizing(MINIO_SIZING);
  const selector = ctx.selector('minio');
  const envSecret = `${tenant}-env`;
  const userSecret = s3.source().name;
  const drives = layout.servers * layout.volumesPerServer;
  const warnings = [MINIO_MAINTENANCE_WARNING];
  if (drives < 4) warnings.push(`MinIO has ${drives} drive(s): erasure coding needs at least 4 (servers × volumesPerServer)`);
  if (ctx.profile !== 'dev' && layout.servers < 4) warnings.push(`MinIO runs ${layout.servers} server(s): losing one node loses the store; use 4 or more`);

  const pool = minioPool(ctx, { tenant, layout, resources: sizing.resources });
  const policy = podPolicy(ctx, { selector: { 'v1.min.io/tenant': tenant }, replicas: layout.servers });

  const spec: Record<string, unknown> = {
    image: ctx.image(MINIO_IMAGE, { main: true }),
    imagePullPolicy: 'IfNotPresent',
    configuration: { name: envSecret },
    users: [{ name: userSecret }],
    buckets: BUCKET_KEYS.map((b) => ({ name: s3.buckets[b], region: s3.region })),
    pools: [pool],
    mountPath: '/export',
    subPath: '/data',
    podManagementPolicy: 'Parallel',
    // Operator certificates for the pods and the internal names.
    requestAutoCert: true,
    exposeServices: { minio: false, console: false },
    features: { bucketDNS: false },
    prometheusOperator: false,
    env: [{ name: 'MINIO_PROMETHEUS_AUTH_TYPE', value: 'public' }],
  };
  if (ctx.openshift) {
    // OpenShift signs CSRs with a CA pods do not see; clients reach `minio.<ns>.svc`, so serve a
    // service-serving certificate for that name too (MinIO picks it by SNI), trusted through the
    // injected openshift-service-ca.crt ConfigMap.
    spec['serviceMetadata'] = { minioServiceAnnotations: { 'service.beta.openshift.io/serving-cert-secret-name': `${tenant}-service-tls` } };
    spec['externalCertSecret'] = [{ name: `${tenant}-service-tls`, type: 'kubernetes.io/tls' }];
  }
  // The Tenant takes one pull secret.
  const [pullSecret] = policy.pullSecrets.imagePullSecrets ?? [];
  if (pullSecret !== undefined) spec['imagePullSecret'] = pullSecret;

  const tenantObject: KubeObject = {
    apiVersion: 'minio.min.io/v2',
    kind: 'Tenant',
    metadata: { name: tenant, namespace: ctx.namespace, labels: ctx.labels('minio') },
    spec,
  };

  const objects: KubeObject[] = [tenantObject];
  const own = ctx.options().minio;
  if (own.versioning) objects.push(...versioningJob(ctx, userSecret));

  return {
    objects,
    secrets: minioSecrets(ctx, { envSecret, userSecret }),
    warnings,
    checks: minioChecks(ctx, { tenant, servers: layout.servers }),
    operators: [MINIO_OPERATOR],
    footprint: minioFootprint(ctx, { layout, resources: sizing.resources }),
    // The operator creates a PodDisruptionBudget per pool.
    disruption: [{ name: tenant, namespace: ctx.namespace, selector, replicas: layout.servers, operatorManaged: true }],
    readiness: { timeoutSeconds: 900 },
  };
}

/** A ServiceAccount and a Job that enable versioning on the three buckets once the Tenant answers. */
function versioningJob(ctx: BuildContext<ObjectStorageOptions>, userSecret: string): KubeObject[] {
  const s3 = ctx.objectStorage;
  const name = `${s3.tenantName}-versioning`;
  const trust = s3.consumerTrust(ctx.namespace, 'object-storage');
  const buckets = BUCKET_KEYS.map((b) => s3.buckets[b]).join(' ');
  const script = [
    'set -eu',
    `for bucket in ${buckets}; do`,
    '  until aws s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled; do',
    '    echo "waiting for bucket $bucket"; sleep 10',
    '  done',
    '  aws s3api get-bucket-versioning --bucket "$bucket"',
    'done',
  ].join('\n');
  const volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] = [{ name: 'tmp', mountPath: '/tmp' }];
  const volumes: Record<string, unknown>[] = [{ name: 'tmp', emptyDir: {} }];
  const env = [
    { name: 'AWS_ENDPOINT_URL_S3', value: s3.endpoint },
    { name: 'AWS_REGION', value: s3.region },
    { name: 'HOME', value: '/tmp' },
  ];
  if (trust) {
    volumeMounts.push(trust.volumeMount);
    volumes.push(trust.volume);
    env.push({ name: 'AWS_CA_BUNDLE', value: trust.caFile });
  }
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels('versioning') },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels: ctx.labels('versioning') },
        spec: {
          ...podSpec(ctx, {
            serviceAccountName: name,
            replicas: 1,
            selector: ctx.selector('versioning'),
            kubernetesUser: { runAsUser: 1000 },
            containers: [
              container({
                name: 'versioning',
                image: ctx.image(AWS_CLI_IMAGE),
                resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                command: ['/bin/sh', '-c', script],
                env,
                secretEnv: [
                  { name: 'AWS_ACCESS_KEY_ID', secret: userSecret, key: 'CONSOLE_ACCESS_KEY' },
                  { name: 'AWS_SECRET_ACCESS_KEY', secret: userSecret, key: 'CONSOLE_SECRET_KEY' },
                ],
                volumeMounts,
                readOnlyRootFilesystem: true,
              }),
            ],
            volumes,
          }),
          restartPolicy: 'OnFailure',
        },
      },
    },
  };
  return [serviceAccount(ctx, name, { role: 'versioning' }), job];
}

export { MINIO_POD_PORT };
