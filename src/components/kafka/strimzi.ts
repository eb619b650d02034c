import type { OperatorRequirement } from '../../model/operator.ts';
import type { ResolvedConfig } from '../../config/settings.ts';
import type { BuildContext } from '../../model/build-context.ts';

/**
 * The Strimzi API every resource is rendered with. Strimzi 0.49 introduced `kafka.strimzi.io/v1`
 * and 1.0 removed `v1beta2`, so `v1` is the one version both supported operator lines serve.
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/CHANGELOG.md#100
 */
export const STRIMZI_API = 'kafka.strimzi.io/v1';

/**
 * Strimzi releases we know how to drive, each with the Kafka version it runs by default and that
 * version's metadata version. 1.2.0 is current but needs Kubernetes 1.30+ (OpenShift 4.17+);
 * 0.50.1 is the newest release that still supports Kubernetes 1.27 (OpenShift 4.14).
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/kafka-versions.yaml
 */
export const STRIMZI_RELEASES = {
  '1.2.0': { kafka: '4.3.1', metadataVersion: '4.3-IV0', minKubernetes: '1.30' },
  '0.50.1': { kafka: '4.1.1', metadataVersion: '4.1', minKubernetes: '1.27' },
} as const;
export type StrimziRelease = keyof typeof STRIMZI_RELEASES;
export const STRIMZI_RELEASE_NAMES = Object.keys(STRIMZI_RELEASES) as [StrimziRelease, ...StrimziRelease[]];
/** @default '1.2.0' */
export const DEFAULT_STRIMZI_RELEASE: StrimziRelease = '1.2.0';

function isStrimziRelease(value: unknown): value is StrimziRelease {
  return typeof value === 'string' && Object.hasOwn(STRIMZI_RELEASES, value);
}

/** The Strimzi-driven components: any of them enabled means the operator is installed. */
const STRIMZI_COMPONENTS = ['kafka', 'kafka-connect'] as const;
/** The product's stated floor (OpenShift 4.14 = Kubernetes 1.27). */
const PRODUCT_KUBERNETES_MINOR = 27;

/**
 * The lowest Kubernetes minor version (`30` for 1.30) the configured Strimzi release supports, or
 * `undefined` when no Strimzi component is enabled. The default release (1.2.0) needs 1.30+
 * (OpenShift 4.17+) since Strimzi 0.51 dropped 1.27–1.29, above the product's 1.27 floor, so
 * `deploy` compares it with the cluster's version and refuses early rather than letting the
 * operator fail on an unsupported cluster; `components.kafka.strimzi: 0.50.1` lowers it to 27.
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/CHANGELOG.md#0510
 */
export function strimziKubernetesFloor(config: Pick<ResolvedConfig, 'components'>): number | undefined {
  // Both are on by default; only an explicit `enabled: false` turns one off.
  const used = STRIMZI_COMPONENTS.some((name) => config.components[name]?.enabled !== false);
  if (!used) return undefined;
  const kafka: Readonly<Record<string, unknown>> | undefined = config.components['kafka'];
  const release = isStrimziRelease(kafka?.['strimzi']) ? kafka['strimzi'] : DEFAULT_STRIMZI_RELEASE;
  const minor = Number(STRIMZI_RELEASES[release].minKubernetes.split('.')[1]);
  return Math.max(minor, PRODUCT_KUBERNETES_MINOR);
}

/**
 * Keys Strimzi owns in `Kafka.spec.kafka.config`: it disregards them and logs a warning, so
 * rendering one is always a bug. A key is forbidden when it equals or starts with one
 * of these, unless it is one of the exceptions.
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/api/src/main/java/io/strimzi/api/kafka/model/kafka/KafkaClusterSpec.java
 */
export const KAFKA_FORBIDDEN_PREFIXES = [
  'listeners',
  'advertised.',
  'broker.',
  'listener.',
  'host.name',
  'port',
  'inter.broker.listener.name',
  'sasl.',
  'ssl.',
  'security.',
  'password.',
  'log.dir',
  'zookeeper.connect',
  'zookeeper.set.acl',
  'zookeeper.ssl',
  'zookeeper.clientCnxnSocket',
  'authorizer.',
  'super.user',
  'cruise.control.metrics.topic',
  'cruise.control.metrics.reporter.bootstrap.servers',
  'node.id',
  'process.roles',
  'controller.',
  'metadata.log.dir',
  'zookeeper.metadata.migration.enable',
  'client.quota.callback.static.kafka.admin.',
  'client.quota.callback.static.produce',
  'client.quota.callback.static.fetch',
  'client.quota.callback.static.storage.per.volume.limit.min.available.',
  'client.quota.callback.static.excluded.principal.name.list',
  'prometheus.metrics.reporter.',
  'cordoned.log.dirs',
] as const;

/** Forbidden-prefix keys Strimzi nevertheless accepts in `spec.kafka.config`. */
export const KAFKA_FORBIDDEN_EXCEPTIONS = [
  'zookeeper.connection.timeout.ms',
  'sasl.server.max.receive.size',
  'ssl.cipher.suites',
  'ssl.protocol',
  'ssl.enabled.protocols',
  'ssl.secure.random.implementation',
  'cruise.control.metrics.topic.num.partitions',
  'cruise.control.metrics.topic.replication.factor',
  'cruise.control.metrics.topic.retention.ms',
  'cruise.control.metrics.topic.auto.create.retries',
  'cruise.control.metrics.topic.auto.create.timeout.ms',
  'cruise.control.metrics.topic.min.insync.replicas',
  'broker.session.timeout.ms',
  'broker.heartbeat.interval.ms',
  'controller.socket.timeout.ms',
  'controller.quorum.election.backoff.max.ms',
  'controller.quorum.election.timeout.ms',
  'controller.quorum.fetch.timeout.ms',
] as const;

/**
 * Keys Strimzi owns in `KafkaConnect.spec.config` (group and internal topics have their own
 * fields in the v1 API; TLS and authentication come from `tls`/`authentication`).
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/api/src/main/java/io/strimzi/api/kafka/model/connect/KafkaConnectSpec.java
 */
export const CONNECT_FORBIDDEN_PREFIXES = [
  'group.id',
  'config.storage.topic',
  'offset.storage.topic',
  'status.storage.topic',
  'ssl.',
  'sasl.',
  'security.',
  'listeners',
  'plugin.path',
  'rest.',
  'bootstrap.servers',
  'consumer.interceptor.classes',
  'producer.interceptor.classes',
  'prometheus.metrics.reporter.',
] as const;

export const CONNECT_FORBIDDEN_EXCEPTIONS = ['ssl.endpoint.identification.algorithm', 'ssl.cipher.suites', 'ssl.protocol', 'ssl.enabled.protocols'] as const;

/** The keys of `config` that Strimzi would disregard, given its forbidden prefixes and exceptions. */
export function forbiddenKeys(
  config: Record<string, unknown>,
  rules: { prefixes: readonly string[]; exceptions: readonly string[] },
): string[] {
  return Object.keys(config).filter(
    (key) => !rules.exceptions.includes(key) && rules.prefixes.some((prefix) => key === prefix || key.startsWith(prefix)),
  );
}

/** Strimzi's pod labels (set by the operator on every operand pod). */
export const STRIMZI_LABEL = {
  cluster: 'strimzi.io/cluster',
  kind: 'strimzi.io/kind',
  name: 'strimzi.io/name',
  poolName: 'strimzi.io/pool-name',
} as const;

/** Ports Strimzi opens on Kafka nodes besides the client listeners. */
export const KAFKA_PORT = {
  plain: 9092,
  tls: 9093,
  /** KRaft controller listener (`CONTROLPLANE_PORT`). */
  controlPlane: 9090,
  /** Inter-broker replication; also used by the operator and the entity operator. */
  replication: 9091,
  /** The Kafka agent the operator polls for broker state. */
  agent: 8443,
  /** The JMX Prometheus exporter (`tcp-prometheus`). */
  metrics: 9404,
} as const;

/** The operator id every Strimzi-managed component shares. */
export const STRIMZI_OPERATOR_ID = 'strimzi';

/** Every CRD the Strimzi cluster operator installs, for `deploy` to wait on. */
export const STRIMZI_CRDS = [
  'kafkas.kafka.strimzi.io',
  'kafkanodepools.kafka.strimzi.io',
  'kafkatopics.kafka.strimzi.io',
  'kafkausers.kafka.strimzi.io',
  'kafkaconnects.kafka.strimzi.io',
  'kafkaconnectors.kafka.strimzi.io',
  'kafkamirrormaker2s.kafka.strimzi.io',
  'kafkabridges.kafka.strimzi.io',
  'kafkarebalances.kafka.strimzi.io',
  'strimzipodsets.core.strimzi.io',
] as const;

/**
 * The Strimzi cluster operator: OLM's community catalog on OpenShift (it installs cluster-wide),
 * the project's OCI Helm chart on Kubernetes, watching the namespaces that hold Strimzi resources.
 * @see https://strimzi.io/docs/operators/latest/deploying#deploying-cluster-operator-helm-chart-str
 */
export function strimziOperator(ctx: BuildContext, input: { release: StrimziRelease; watchNamespaces: readonly string[] }): OperatorRequirement {
  const olm: { package: string; channel: string; source: string; sourceNamespace: string; allNamespaces: boolean; startingCSV?: string } = {
    package: 'strimzi-kafka-operator',
    channel: 'stable',
    source: 'community-operators',
    sourceNamespace: 'openshift-marketplace',
    allNamespaces: true,
  };
  // The stable channel always offers the newest release; an older line has to be pinned.
  if (input.release !== DEFAULT_STRIMZI_RELEASE) olm.startingCSV = `strimzi-cluster-operator.v${input.release}`;
  const watch = [...new Set(input.watchNamespaces)].filter((ns) => ns !== ctx.systemNamespace).sort();
  return {
    id: STRIMZI_OPERATOR_ID,
    displayName: 'Strimzi (Apache Kafka on Kubernetes)',
    olm,
    kubernetes: {
      type: 'helm',
      repo: 'oci://quay.io/strimzi-helm',
      chart: 'strimzi-kafka-operator',
      version: input.release,
      namespace: ctx.systemNamespace,
      // A mirror replaces quay.io for the operator and every operand image it picks by default.
      values: ctx.config.images.registry === undefined ? { watchNamespaces: watch } : { watchNamespaces: watch, defaultImageRegistry: ctx.config.images.registry },
    },
    images: strimziImages(input.release),
    crds: STRIMZI_CRDS,
    docs: 'https://strimzi.io/docs/operators/latest/deploying',
  };
}

/**
 * What the Strimzi chart pulls at a release: the operator (also the entity operator) and the Kafka
 * image for the release's default Kafka version (brokers, controllers, Connect, exporter, Cruise
 * Control), plus the builders Connect uses for plugin builds on Kubernetes.
 * @see https://strimzi.io/docs/operators/latest/deploying#assembly-operators-str
 */
export function strimziImages(release: StrimziRelease): string[] {
  const kafka = STRIMZI_RELEASES[release].kafka;
  return [`quay.io/strimzi/operator:${release}`, `quay.io/strimzi/kafka:${release}-kafka-${kafka}`, `quay.io/strimzi/kaniko-executor:${release}`, `quay.io/strimzi/maven-builder:${release}`];
}
