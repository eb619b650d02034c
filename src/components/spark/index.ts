import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { sparkAlerts, sparkMetrics } from './metrics.ts';
import { sparkOptions, type SparkOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { KubeObject, ObjectRef } from '../../model/kube.ts';
import { refOf } from '../../model/kube.ts';
import type { Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint, ResourceSpec } from '../../model/resources.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { withJvmTrust } from '../../platform/object-storage.ts';
import { formatCpu } from '../../platform/quantity.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { configMap, serviceAccount } from '../../platform/workload.ts';
import { EXAMPLE_MOUNT, EXAMPLE_SCRIPT, EXAMPLE_SCRIPT_SOURCE, EXAMPLE_TABLE } from './example-job.ts';
import { kafkaClientAccess, KAFKA_SECRET_KEY } from './kafka-client.ts';
import { sparkOperator } from './operator.ts';
import { SPARK_SIZING, type SparkPodSize } from './sizing.ts';
import { sparkConf, sparkNessieCatalog } from './spark-conf.ts';
import { engineConsumes } from './kafka-client.ts';
import { jvmKeycloakCa } from '../../platform/sso-trust.ts';
import { SPARK_IMAGE, SPARK_PACKAGES, SPARK_PORTS, SPARK_UID, SPARK_VERSION } from './versions.ts';

/** The driver's own ServiceAccount (never the operator's, which may create pods anywhere it watches). */
export const SPARK_DRIVER_SA = 'spark-driver';
/** Executors call no API: a separate account without a token. */
export const SPARK_EXECUTOR_SA = 'spark-executor';
export const SPARK_EXAMPLE_APP = 'spark-iceberg-example';
export const SPARK_SCHEDULED_APP = 'spark-iceberg-compaction';
const KAFKA_MOUNT = '/etc/datalyptica/kafka';

/** The Role the driver needs to run executors in its namespace, and nothing else. @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#rbac */
function driverRole(ctx: BuildContext<SparkOptions>): KubeObject[] {
  const verbs = ['create', 'get', 'list', 'watch', 'delete', 'deletecollection'];
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: SPARK_DRIVER_SA, namespace: ctx.namespace, labels: ctx.labels('driver') },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: [...verbs, 'patch', 'update'] },
        { apiGroups: [''], resources: ['services'], verbs },
        { apiGroups: [''], resources: ['configmaps'], verbs: [...verbs, 'patch', 'update'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: SPARK_DRIVER_SA, namespace: ctx.namespace, labels: ctx.labels('driver') },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SPARK_DRIVER_SA },
      subjects: [{ kind: 'ServiceAccount', name: SPARK_DRIVER_SA, namespace: ctx.namespace }],
    },
  ];
}

function podResources(size: SparkPodSize): ResourceSpec {
  const memory = `${size.memoryMiB + size.overheadMiB}Mi`;
  return { requests: { cpu: size.coreRequest ?? formatCpu(size.cores), memory }, limits: { cpu: formatCpu(size.cores), memory } };
}

/** Sizing fields of a driver or executor spec. */
function podSize(size: SparkPodSize): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    cores: size.cores,
    coreLimit: formatCpu(size.cores),
    memory: `${size.memoryMiB}m`,
    memoryOverhead: `${size.overheadMiB}m`,
  };
  if (size.coreRequest !== undefined) spec['coreRequest'] = size.coreRequest;
  return spec;
}

interface SparkPodInputs {
  readonly env: readonly Record<string, unknown>[];
  readonly secrets: readonly { name: string; path: string; secretType: string }[];
}

/** Env and mounts shared by driver and executors: S3 keys for both, Kafka client material. */
function podInputs(ctx: BuildContext<SparkOptions>): SparkPodInputs {
  const creds = ctx.objectStorage.credentials();
  const env: Record<string, unknown>[] = [
    { name: 'AWS_REGION', value: ctx.objectStorage.region },
    { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: creds.secretName, key: creds.accessKeyKey } } },
    { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: creds.secretName, key: creds.secretKeyKey } } },
  ];
  const secrets: { name: string; path: string; secretType: string }[] = [];
  if (ctx.isEnabled('kafka')) {
    const kafka = kafkaClientAccess(ctx, 'spark', { mountRoot: KAFKA_MOUNT });
    env.push(
      { name: 'KAFKA_BOOTSTRAP_SERVERS', value: kafka.bootstrap },
      { name: 'KAFKA_SECURITY_PROTOCOL', value: 'SSL' },
      { name: 'KAFKA_SSL_KEYSTORE_LOCATION', value: `${kafka.userDir}/${KAFKA_SECRET_KEY.userP12}` },
      { name: 'KAFKA_SSL_KEYSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: kafka.userSecret, key: KAFKA_SECRET_KEY.userPassword } } },
      { name: 'KAFKA_SSL_TRUSTSTORE_LOCATION', value: `${kafka.caDir}/${KAFKA_SECRET_KEY.caP12}` },
      { name: 'KAFKA_SSL_TRUSTSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: kafka.caSecret, key: KAFKA_SECRET_KEY.caPassword } } },
    );
    secrets.push({ name: kafka.userSecret, path: kafka.userDir, secretType: 'Generic' }, { name: kafka.caSecret, path: kafka.caDir, secretType: 'Generic' });
  }
  return { env, secrets };
}

/** The SparkApplication spec for the example script in `mode`. */
function applicationSpec(ctx: BuildContext<SparkOptions>, mode: 'roundtrip' | 'compact'): Record<string, unknown> {
  const size = SPARK_SIZING[ctx.profile];
  const own = ctx.options();
  const minExecutors = own.executors?.min ?? size.minExecutors;
  const maxExecutors = Math.max(own.executors?.max ?? size.maxExecutors, minExecutors, 1);
  const inputs = podInputs(ctx);
  // Driver and executors of a batch job: the operator places them; no spread of ours.
  const policy = podPolicy(ctx, { selector: ctx.selector(), replicas: 1, antiAffinity: 'none', kubernetesUser: { runAsUser: SPARK_UID, fsGroup: SPARK_UID } });
  const image = ctx.image(SPARK_IMAGE, { main: true });
  // Keycloak's CA joins the truststore: the driver's Iceberg REST catalog gets its token over HTTPS.
  const trust = ctx.objectStorage.jvmTrust({ namespace: ctx.namespace, consumer: 'spark', image, ...jvmKeycloakCa(ctx) });
  const common = {
    ...withJvmTrust({ env: inputs.env }, trust),
    podSecurityContext: policy.securityContext,
    securityContext: policy.containerSecurityContext,
    ...(inputs.secrets.length > 0 ? { secrets: inputs.secrets } : {}),
    ...(trust ? { initContainers: [trust.initContainer] } : {}),
  };
  // Only the driver loads the catalog (executors read and write files): only it holds the Nessie client secret.
  const nessieEnv = sparkNessieCatalog(ctx).env;
  const driverCommon = nessieEnv.length > 0 ? { ...common, ...withJvmTrust({ env: [...inputs.env, ...nessieEnv] }, trust) } : common;
  const deps: Record<string, unknown> = { packages: [...SPARK_PACKAGES] };
  if (own.packagesRepository !== undefined) deps['repositories'] = [own.packagesRepository];
  const spec: Record<string, unknown> = {
    type: 'Python',
    mode: 'cluster',
    image,
    imagePullPolicy: 'IfNotPresent',
    sparkVersion: SPARK_VERSION,
    mainApplicationFile: `local://${EXAMPLE_MOUNT}/${EXAMPLE_SCRIPT}`,
    arguments: ['--mode', mode, '--table', EXAMPLE_TABLE],
    sparkConf: sparkConf(ctx),
    deps,
    // 3 retries at 10 s, 5 submission retries at 20 s.
    restartPolicy: { type: 'OnFailure', onFailureRetries: 3, onFailureRetryInterval: 10, onSubmissionFailureRetries: 5, onSubmissionFailureRetryInterval: 20 },
    driver: {
      ...podSize(size.driver),
      serviceAccount: SPARK_DRIVER_SA,
      labels: ctx.labels('driver'),
      configMaps: [{ name: 'spark-jobs', path: EXAMPLE_MOUNT }],
      ...driverCommon,
    },
    executor: {
      ...podSize(size.executor),
      instances: minExecutors === maxExecutors ? minExecutors : Math.max(minExecutors, 1),
      serviceAccount: SPARK_EXECUTOR_SA,
      labels: ctx.labels('executor'),
      deleteOnTermination: true,
      ...common,
    },
  };
  if (trust) spec['volumes'] = [...trust.volumes];
  // SparkApplication takes the secrets' names.
  if (policy.pullSecretNames.length > 0) spec['imagePullSecrets'] = policy.pullSecretNames;
  if (minExecutors < maxExecutors) {
    // Shuffle tracking replaces the external shuffle service Kubernetes does not have.
    spec['dynamicAllocation'] = { enabled: true, initialExecutors: Math.max(minExecutors, 1), minExecutors, maxExecutors, shuffleTrackingEnabled: true };
  }
  return spec;
}

/** The example: a SparkApplication round trip and the nightly compaction, with their live checks. */
function exampleParts(ctx: BuildContext<SparkOptions>): { objects: KubeObject[]; skip: ObjectRef[]; checks: LiveCheck[] } {
  const own = ctx.options();
  const example: KubeObject = {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'SparkApplication',
    metadata: { name: SPARK_EXAMPLE_APP, namespace: ctx.namespace, labels: ctx.labels('example') },
    spec: applicationSpec(ctx, 'roundtrip'),
  };
  const scheduled: KubeObject = {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'ScheduledSparkApplication',
    metadata: { name: SPARK_SCHEDULED_APP, namespace: ctx.namespace, labels: ctx.labels('example') },
    spec: {
      schedule: own.example.schedule,
      concurrencyPolicy: 'Forbid',
      suspend: own.example.suspend,
      successfulRunHistoryLimit: 3,
      failedRunHistoryLimit: 3,
      template: applicationSpec(ctx, 'compact'),
    },
  };
  return {
    objects: [configMap(ctx, 'spark-jobs', { [EXAMPLE_SCRIPT]: EXAMPLE_SCRIPT_SOURCE }, 'example'), example, scheduled],
    // Batch applications finish; deploy does not wait for them.
    skip: [refOf(example), refOf(scheduled)],
    checks: [
      {
        id: 'spark.example',
        group: 'data',
        title: 'The example SparkApplication exists in the processing namespace',
        probe: { type: 'object-exists', ref: refOf(example) },
        severity: 'warn',
      },
      {
        id: 'spark.schedule',
        group: 'data',
        title: 'The nightly ScheduledSparkApplication exists',
        probe: { type: 'object-exists', ref: refOf(scheduled) },
        severity: 'warn',
      },
    ],
  };
}

/** Executors register with the driver; driver and executors exchange blocks. */
function sparkFlows(): Flow[] {
  return [
      {
        from: { kind: 'component', component: 'spark' },
        ports: [
          { port: SPARK_PORTS.driverRpc, name: 'driver-rpc' },
          { port: SPARK_PORTS.blockManager, name: 'blockmanager' },
        ],
        description: 'executors register with the driver; driver and executors exchange blocks',
      },
    ];
}

function build(ctx: BuildContext<SparkOptions>): ComponentBuild {
  const own = ctx.options();
  const size = SPARK_SIZING[ctx.profile];
  const s3 = ctx.objectStorage;
  const maxExecutors = Math.max(own.executors?.max ?? size.maxExecutors, own.executors?.min ?? size.minExecutors, 1);
  const objects: KubeObject[] = [
    serviceAccount(ctx, SPARK_DRIVER_SA, { automount: true, role: 'driver' }),
    serviceAccount(ctx, SPARK_EXECUTOR_SA, { role: 'executor' }),
    ...driverRole(ctx),
  ];
  const skip: ObjectRef[] = [];
  const checks: LiveCheck[] = [];
  if (own.example.enabled) {
    const parts = exampleParts(ctx);
    objects.push(...parts.objects);
    skip.push(...parts.skip);
    checks.push(...parts.checks);
  }
  checks.push(...sparkNessieCatalog(ctx).checks);
  checks.unshift({
    id: 'spark.driver-rbac',
    group: 'control',
    title: 'The Spark driver ServiceAccount and its Role exist',
    probe: { type: 'object-exists', ref: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: SPARK_DRIVER_SA, namespace: ctx.namespace } },
  });

  const trust = s3.jvmTrust({ namespace: ctx.namespace, consumer: 'spark', image: ctx.image(SPARK_IMAGE, { main: true }), ...jvmKeycloakCa(ctx) });
  const nessie = sparkNessieCatalog(ctx);
  const secrets: SecretRequirement[] = [s3.consumerSecret(ctx.namespace, 'spark'), ...(trust?.secrets ?? []), ...nessie.secrets];
  if (ctx.isEnabled('kafka')) secrets.push(...kafkaClientAccess(ctx, 'spark', { mountRoot: KAFKA_MOUNT }).secrets);
  const driverSelector = ctx.selector('driver');
  // One application at its executor ceiling: what quotas and the capacity check must leave room for.
  const footprint: PodFootprint[] = [
    { name: 'spark-driver', namespace: ctx.namespace, replicas: 1, resources: podResources(size.driver) },
    { name: 'spark-executor', namespace: ctx.namespace, replicas: maxExecutors, resources: podResources(size.executor) },
  ];

  const metrics = sparkMetrics(ctx, driverSelector);
  return {
    ...emptyBuild(),
    objects,
    // With Nessie authentication the drivers fetch tokens from the realm: Keycloak must be up first.
    dependsOn: nessie.authenticated ? ['nessie', 'object-storage', 'keycloak'] : ['nessie', 'object-storage'],
    ssoClients: nessie.ssoClients,
    flows: sparkFlows(),
    egress: [
      { to: { kind: 'apiserver' }, fromSelector: driverSelector, ports: [{ port: 443 }, { port: 6443 }], description: 'the driver creates and watches its executor pods' },
      {
        to: { kind: 'internet' },
        fromSelector: driverSelector,
        ports: [{ port: 443, name: 'https' }],
        description: 'the driver resolves the Iceberg and Nessie runtime packages from Maven (or components.spark.packagesRepository)',
      },
      ...s3.consumerEgress('Iceberg S3FileIO reads and writes table data and metadata'),
    ],
    secrets,
    operators: [sparkOperator(ctx)],
    metrics,
    alerts: sparkAlerts(ctx, metrics[1]!),
    readiness: { skip },
    checks,
    footprint,
  };
}

export const spark: ComponentDefinition<SparkOptions> = {
  name: 'spark',
  title: 'Apache Spark (Kubeflow Spark operator)',
  tier: 'processing',
  layer: 'data',
  phase: 'processing',
  version: SPARK_VERSION,
  enabledByDefault: true,
  options: sparkOptions,
  consumes: () => engineConsumes('spark'),
  build,
};
