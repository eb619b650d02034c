import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { kafkaConnectOptions, type KafkaConnectOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ComponentName } from '../../model/names.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { configMap } from '../../platform/workload.ts';
import { KAFKA_SECRET_KEY, kafkaAccess, kafkaClientSecrets } from '../kafka/access.ts';
import { CONNECT_METRICS, metricsConfig, metricsConfigMap, strimziMetrics } from '../kafka/metrics.ts';
import { connectAlerts } from '../kafka/alerts.ts';
import { kafkaOptions } from '../kafka/options.ts';
import { postgresOptions } from '../postgres/options.ts';
import { CONNECT_FORBIDDEN_EXCEPTIONS, CONNECT_FORBIDDEN_PREFIXES, STRIMZI_API, STRIMZI_LABEL, STRIMZI_RELEASES, forbiddenKeys } from '../kafka/strimzi.ts';
import { strimziContainerSecurityContext, strimziPodTemplate } from '../kafka/template.ts';
import { connectNames } from '../kafka/topics.ts';
import { postgresAccess, postgresClusterName } from '../postgres/access.ts';
import { schemaRegistryUrl } from '../schema-registry/index.ts';
import { cdcConnector, cdcSettings, type CdcPlan } from './connector.ts';
import { AVRO_CONVERTER_CLASS, CONFIGMAP_PROVIDER_CLASS, CONNECT_PLUGINS, SECRET_PROVIDER_CLASS, buildTag } from './plugins.ts';
import { configProviderRbac } from './rbac.ts';
import { connectChecks } from './checks.ts';
import { connectEgress, connectFlows } from './network.ts';
import type { Sizing } from '../../model/sizing.ts';
import type { Labels } from '../../model/kube.ts';
import type { KafkaAccess } from '../kafka/access.ts';
import { KAFKA_CONNECT_BUILD_RESOURCES, KAFKA_CONNECT_SIZING } from './sizing.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { kafkaConnectConsumes } from './consumes.ts';

export { CONNECT_REST_PORT } from './ports.ts';
const JSON_CONVERTER_CLASS = 'org.apache.kafka.connect.json.JsonConverter';

/** Where the worker image comes from: a pinned image, or a Strimzi build to an ImageStream or registry. */
export type ImageSource =
  | { readonly kind: 'image'; readonly image: string }
  | { readonly kind: 'build'; readonly output: Record<string, unknown>; readonly imageStream?: string }
  | { readonly kind: 'stock' };

/**
 * OpenShift builds with its own build service into an ImageStream. On Kubernetes Strimzi builds
 * with Kaniko or Buildah, which need root and so cannot run in a namespace that enforces the
 * restricted Pod Security profile: it builds only when the user names a push target (and exempts
 * the namespace); otherwise Connect runs Strimzi's stock image and a warning says what is missing.
 * @see https://strimzi.io/docs/operators/latest/deploying#creating-new-image-using-kafka-connect-build-str
 */
export function imageSource(ctx: BuildContext<KafkaConnectOptions>, kafkaVersion: string): ImageSource {
  const options = ctx.options();
  if (options.image !== undefined) return { kind: 'image', image: options.image };
  const tag = buildTag(kafkaVersion);
  if (ctx.openshift) {
    const stream = connectNames(ctx).cluster;
    return { kind: 'build', output: { type: 'imagestream', image: `${stream}:${tag}` }, imageStream: stream };
  }
  const target = options.build.output ?? (ctx.config.images.registry === undefined ? undefined : `${ctx.config.images.registry}/${ctx.prefixed('kafka-connect')}:${tag}`);
  if (target === undefined) return { kind: 'stock' };
  const output: Record<string, unknown> = { type: 'docker', image: target };
  if (options.build.pushSecret !== undefined) output['pushSecret'] = options.build.pushSecret;
  return { kind: 'build', output };
}

/**
 * Worker configuration. Secrets never appear in connector configs: the Kubernetes Secret and
 * ConfigMap config providers resolve `${secrets:ns/name:key}` at runtime.
 * @see https://strimzi.io/docs/operators/latest/deploying#assembly-loading-config-with-providers-str
 */
export function workerConfig(ctx: BuildContext<KafkaConnectOptions>, avro: boolean): Record<string, string | number> {
  const converter = avro ? AVRO_CONVERTER_CLASS : JSON_CONVERTER_CLASS;
  const config: Record<string, string | number> = {
    'config.providers': 'secrets,configmaps',
    'config.providers.secrets.class': SECRET_PROVIDER_CLASS,
    'config.providers.configmaps.class': CONFIGMAP_PROVIDER_CLASS,
    // -1: the broker's default replication factor, which the Kafka component sizes to the cluster.
    'config.storage.replication.factor': -1,
    'offset.storage.replication.factor': -1,
    'status.storage.replication.factor': -1,
    'key.converter': converter,
    'value.converter': converter,
    // Connectors may run their clients as their own KafkaUser (the CDC connector does).
    'connector.client.config.override.policy': 'All',
  };
  if (avro) {
    config['key.converter.schema.registry.url'] = schemaRegistryUrl(ctx);
    config['value.converter.schema.registry.url'] = schemaRegistryUrl(ctx);
  }
  const bad = forbiddenKeys(config, { prefixes: CONNECT_FORBIDDEN_PREFIXES, exceptions: CONNECT_FORBIDDEN_EXCEPTIONS });
  if (bad.length > 0) throw new DatalypticaError(ErrorCode.Internal, `KafkaConnect config has keys Strimzi forbids: ${bad.join(', ')}`);
  return config;
}

/** The KafkaConnect spec: mTLS to the brokers, the worker config, Strimzi's pod template, the image or its build. */
function connectSpec(
  ctx: BuildContext<KafkaConnectOptions>,
  input: { kafkaVersion: string; sizing: Sizing; access: KafkaAccess; avro: boolean; metricsName: string; podSelector: Labels; source: ImageSource; names: ReturnType<typeof connectNames> },
): Record<string, unknown> {
  const { kafkaVersion, sizing, access, avro, metricsName, podSelector, source, names } = input;
  const spec: Record<string, unknown> = {
    version: kafkaVersion,
    replicas: sizing.replicas,
    bootstrapServers: access.bootstrapTls,
    groupId: names.groupId,
    configStorageTopic: names.configs,
    offsetStorageTopic: names.offsets,
    statusStorageTopic: names.status,
    tls: { trustedCertificates: [{ secretName: access.caSecret, pattern: '*.crt' }] },
    authentication: {
      type: 'tls',
      certificateAndKey: { secretName: access.userSecret, certificate: KAFKA_SECRET_KEY.userCrt, key: KAFKA_SECRET_KEY.userKey },
    },
    config: workerConfig(ctx, avro),
    resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
    metricsConfig: metricsConfig(metricsName),
    template: {
      pod: strimziPodTemplate(ctx, { role: 'worker', selector: podSelector, replicas: sizing.replicas, antiAffinity: sizing.replicas > 1 ? 'preferred' : 'none' }),
      connectContainer: { securityContext: strimziContainerSecurityContext(ctx) },
      initContainer: { securityContext: strimziContainerSecurityContext(ctx) },
      // Strimzi's own PDB; we render none: the eviction API refuses evictions for a pod two PDBs select.
      podDisruptionBudget: { maxUnavailable: 1 },
    },
  };
  if (ctx.multiZone) spec['rack'] = { topologyKey: 'topology.kubernetes.io/zone' };
  if (source.kind === 'image') spec['image'] = source.image;
  if (source.kind === 'build') {
    spec['build'] = {
      output: source.output,
      plugins: CONNECT_PLUGINS.map((p) => ({ name: p.name, artifacts: p.artifacts.map((a) => ({ ...a })) })),
      resources: { requests: { ...KAFKA_CONNECT_BUILD_RESOURCES.requests }, limits: { ...KAFKA_CONNECT_BUILD_RESOURCES.limits } },
    };
  }
  return spec;
}

/** The ImageStream an OpenShift build pushes to, and what a build or the stock image cannot do. */
function buildArtifacts(ctx: BuildContext<KafkaConnectOptions>, source: ImageSource): { objects: KubeObject[]; warnings: string[] } {
  const objects: KubeObject[] = [];
  const warnings: string[] = [];
  if (source.kind === 'build') {
    if (source.imageStream !== undefined) {
      objects.push({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: source.imageStream, namespace: ctx.namespace, labels: ctx.labels('build') },
        spec: { lookupPolicy: { local: false } },
      });
    } else {
      warnings.push(
        `the Connect image is built with Kaniko/Buildah, which needs root: namespace ${ctx.namespace} must not enforce the restricted Pod Security profile during the build, or set components.kafka-connect.image to a pre-built image`,
      );
    }
  }
  if (source.kind === 'stock') {
    warnings.push(
      'on Kubernetes Connect runs Strimzi\'s stock image without Debezium or the Avro converter; set components.kafka-connect.image (a pre-built image) or components.kafka-connect.build.output (a registry to push to)',
    );
  }
  return { objects, warnings };
}

function build(ctx: BuildContext<KafkaConnectOptions>): ComponentBuild {
  const options = ctx.options();
  const kafka = ctx.optionsOf('kafka', kafkaOptions);
  const kafkaVersion = kafka.version ?? STRIMZI_RELEASES[kafka.strimzi].kafka;
  const sizing = ctx.sizing(KAFKA_CONNECT_SIZING);
  const names = connectNames(ctx);
  const name = names.cluster;
  const serviceAccount = `${name}-connect`;
  const access = kafkaAccess(ctx, 'kafka-connect');
  const debezium = kafkaAccess(ctx, 'debezium');
  const source = imageSource(ctx, kafkaVersion);
  const plugins = source.kind !== 'stock';
  const avro = plugins && ctx.isEnabled('schema-registry');
  const metricsName = `${name}-metrics`;
  const podSelector = { [STRIMZI_LABEL.cluster]: name, [STRIMZI_LABEL.kind]: 'KafkaConnect' };

  const spec = connectSpec(ctx, { kafkaVersion, sizing, access, avro, metricsName, podSelector, source, names });
  const objects: KubeObject[] = [metricsConfigMap(ctx, { name: metricsName, kind: 'connect', role: 'metrics' })];
  const built = buildArtifacts(ctx, source);
  objects.push(...built.objects);
  const warnings = [...built.warnings];
  const cdc = options.cdcExample ? cdcPlan(ctx, { connectCluster: name, debeziumSecret: debezium.userSecret }) : undefined;
  if (cdc && !plugins) warnings.push('the CDC example needs the Debezium connector, which the stock image lacks');

  objects.push({
    apiVersion: STRIMZI_API,
    kind: 'KafkaConnect',
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: ctx.labels('worker'),
      // Connectors are KafkaConnector resources, never ad-hoc REST calls.
      annotations: { 'strimzi.io/use-connector-resources': 'true' },
    },
    spec,
  });
  const readableSecrets = [debezium.userSecret];
  const readableConfigMaps: string[] = [];
  if (cdc) {
    readableSecrets.push(cdc.database.secretName);
    readableConfigMaps.push(cdc.settingsConfigMap);
    objects.push(configMap(ctx, cdc.settingsConfigMap, cdcSettings(cdc), 'cdc'));
    objects.push(cdcConnector(ctx, { plan: cdc, connectCluster: name, schemaRegistry: avro ? schemaRegistryUrl(ctx) : undefined }));
  }
  objects.push(...configProviderRbac(ctx, { name: `${name}-config-provider`, serviceAccount, secrets: readableSecrets, configMaps: readableConfigMaps }));
  const metrics = strimziMetrics({ name, namespace: ctx.namespace, selector: podSelector, metrics: CONNECT_METRICS });

  // The CDC connector's database login (`<prefix>-pg-debezium` here) is declared by the postgres
  // component with the role's other Secrets (one value group), for every enabled consumer.
  const secrets: SecretRequirement[] = [...kafkaClientSecrets(ctx, 'kafka-connect'), ...kafkaClientSecrets(ctx, 'debezium')];

  const dependsOn: ComponentName[] = ['kafka'];
  if (avro) dependsOn.push('schema-registry');
  if (cdc) dependsOn.push('postgres');

  return {
    ...emptyBuild(),
    metrics: [metrics],
    alerts: connectAlerts(metrics, name),
    objects,
    dependsOn,
    flows: connectFlows(podSelector),
    egress: connectEgress(ctx, { name, podSelector, build: source.kind === 'build' }),
    secrets,
    disruption: [{ name, namespace: ctx.namespace, selector: podSelector, replicas: sizing.replicas, operatorManaged: true }],
    // The first reconcile may build the image (minutes); the example depends on a database role we do not own.
    readiness: { timeoutSeconds: 1200, ...(cdc ? { skip: [{ apiVersion: STRIMZI_API, kind: 'KafkaConnector', name: cdc.name, namespace: ctx.namespace }] } : {}) },
    checks: connectChecks(ctx, { name, podSelector, replicas: sizing.replicas, plugins, cdc }),
    footprint: [{ name: 'kafka-connect', namespace: ctx.namespace, replicas: sizing.replicas, resources: sizing.resources, minAvailable: 1 }],
    warnings,
  };
}

/** The example CDC connector: the Debezium login, the tables it streams, the primary it reads. */
function cdcPlan(ctx: BuildContext<KafkaConnectOptions>, input: { connectCluster: string; debeziumSecret: string }): CdcPlan {
  return {
    name: ctx.prefixed('postgres-cdc'),
    tables: [...ctx.options().cdcTables].sort(),
    settingsConfigMap: `${input.connectCluster}-cdc-settings`,
    database: postgresAccess(ctx, 'debezium'),
    primaryHost: primaryHost(ctx),
    debeziumSecret: input.debeziumSecret,
  };
}

/**
 * Logical replication needs a direct session to the primary: the PgBouncer pooler `postgresAccess`
 * returns (session mode) is not a path for a replication connection, and a replication slot lives on
 * the primary, so Debezium connects to the primary's Service.
 * @see https://debezium.io/documentation/reference/stable/connectors/postgresql.html#postgresql-in-the-cloud
 */
function primaryHost(ctx: BuildContext<KafkaConnectOptions>): string {
  const operator = ctx.optionsOf('postgres', postgresOptions).operator;
  const cluster = postgresClusterName(ctx);
  const service = operator === 'crunchy' ? `${cluster}-primary` : `${cluster}-rw`;
  return `${service}.${ctx.namespaceOf('postgres')}.svc`;
}

export const kafkaConnect: ComponentDefinition<KafkaConnectOptions> = {
  name: 'kafka-connect',
  title: 'Kafka Connect (Strimzi, Debezium)',
  tier: 'streaming',
  layer: 'control',
  phase: 'streaming',
  version: STRIMZI_RELEASES['1.2.0'].kafka,
  enabledByDefault: true,
  options: kafkaConnectOptions,
  consumes: kafkaConnectConsumes,
  // The Debezium CDC connector's login: logical replication needs the REPLICATION attribute,
  // and the PostgreSQL component lets the workers reach the primary for it.
  databases: [{ role: 'debezium', replication: true, purpose: 'the Debezium CDC connector streams changes from the primary' }],
  build,
};

