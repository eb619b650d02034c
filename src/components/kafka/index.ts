import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { ComponentBuild, ComponentDefinition, DisruptionSpec } from '../../model/component.ts';
import { kafkaOptions, type KafkaOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { LABEL } from '../../platform/labels.ts';
import { formatBytes, formatCpu, parseQuantity } from '../../platform/quantity.ts';
import { resources } from '../../platform/sizing.ts';
import { kafkaAccess, kafkaClusterName, kafkaOperatorSecrets, kafkaUserName } from './access.ts';
import { KAFKA_METRICS, metricsConfig, metricsConfigMap, strimziMetrics } from './metrics.ts';
import { kafkaAlerts } from './alerts.ts';
import { consumerLagAlert, KAFKA_EXPORTER_RESOURCES, kafkaExporterMetrics, kafkaExporterSpec } from './exporter.ts';
import { nodePool, poolSelector, type PoolPlan } from './pools.ts';
import { ENTITY_OPERATOR_SIZING, KAFKA_BROKER_SIZING, KAFKA_CONTROLLER_SIZING, KAFKA_HEAP, PRODUCTION_TUNING } from './sizing.ts';
import {
  KAFKA_FORBIDDEN_EXCEPTIONS,
  KAFKA_FORBIDDEN_PREFIXES,
  KAFKA_PORT,
  STRIMZI_API,
  STRIMZI_LABEL,
  STRIMZI_OPERATOR_ID,
  STRIMZI_RELEASES,
  forbiddenKeys,
  strimziKubernetesFloor,
  strimziOperator,
} from './strimzi.ts';
import { strimziContainerSecurityContext, strimziPodLabels, strimziPodSecurityContext, strimziPodTemplate } from './template.ts';
import { platformTopics, probeTopic, replicationFor } from './topics.ts';
import { kafkaUser, kafkaUsers } from './users.ts';
import { consumerFlows } from '../../platform/consumers.ts';

/** Pinned Kafka version of the default Strimzi release (the `app.kubernetes.io/version` label). */
export const KAFKA_VERSION = STRIMZI_RELEASES['1.2.0'].kafka;

/** Components that open Kafka client connections, when enabled. */

/** The node pools for the profile: separate controllers and brokers, or combined nodes. */
export function planPools(ctx: BuildContext<KafkaOptions>): PoolPlan[] {
  const options = ctx.options();
  const roles = options.roles ?? (ctx.profile === 'production' ? 'separate' : 'dual-role');
  const broker = ctx.sizing(KAFKA_BROKER_SIZING);
  const brokerStorage = broker.storage ?? KAFKA_BROKER_SIZING[ctx.profile].storage!;
  if (roles === 'dual-role') {
    return [{ name: 'dual-role', roles: ['controller', 'broker'], sizing: { ...broker, storage: brokerStorage }, heap: KAFKA_HEAP.broker[ctx.profile] }];
  }
  const controller = ctx.sizingOf(KAFKA_CONTROLLER_SIZING);
  return [
    { name: 'controller', roles: ['controller'], sizing: { ...controller, storage: controller.storage! }, heap: KAFKA_HEAP.controller[ctx.profile] },
    { name: 'broker', roles: ['broker'], sizing: { ...broker, storage: brokerStorage }, heap: KAFKA_HEAP.broker[ctx.profile] },
  ];
}

/**
 * Broker configuration: replication and durability for the broker count, the seed's retention
 * and compression, the seed's thread/socket tuning in production. Never a key Strimzi owns.
 * @see https://kafka.apache.org/documentation/#brokerconfigs
 */
export function brokerConfig(ctx: BuildContext<KafkaOptions>, brokers: number): Record<string, string | number | boolean> {
  const options = ctx.options();
  const { replicas, minInSync } = replicationFor(brokers);
  const config: Record<string, string | number | boolean> = {
    ...(ctx.profile === 'production' ? PRODUCTION_TUNING : {}),
    'default.replication.factor': replicas,
    'min.insync.replicas': minInSync,
    'offsets.topic.replication.factor': replicas,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minInSync,
    'unclean.leader.election.enable': false,
    // Topics are KafkaTopic resources (or created by clients with the Create ACL), never implicitly.
    'auto.create.topics.enable': false,
    'log.retention.hours': options.retentionHours,
    'log.segment.bytes': 1073741824,
    'compression.type': 'lz4',
  };
  const bad = forbiddenKeys(config, { prefixes: KAFKA_FORBIDDEN_PREFIXES, exceptions: KAFKA_FORBIDDEN_EXCEPTIONS });
  if (bad.length > 0) {
    throw new DatalypticaError(ErrorCode.Internal, `Kafka config has keys Strimzi forbids and ignores: ${bad.join(', ')}`);
  }
  return config;
}

/**
 * Pods of each consumer Kafka issues an identity (`kafkaUsers`), allowed through Strimzi's own
 * listener NetworkPolicies; consumers that bring their own credentials get our NetworkPolicy only.
 */
function listenerPeers(ctx: BuildContext<KafkaOptions>): Record<string, unknown>[] {
  return ctx.consumers
    .filter((c) => (c.kafkaUsers ?? []).length > 0)
    .map((c) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': c.namespace } },
      podSelector: { matchLabels: { [LABEL.name]: c.consumer } },
    }));
}

function sumResources(a: PodFootprint['resources'], b: PodFootprint['resources']) {
  const cpu = (x: string, y: string) => formatCpu(parseQuantity(x) + parseQuantity(y));
  const mem = (x: string, y: string) => formatBytes(parseQuantity(x) + parseQuantity(y));
  return resources(
    cpu(a.requests.cpu, b.requests.cpu),
    mem(a.requests.memory, b.requests.memory),
    cpu(a.limits.cpu, b.limits.cpu),
    mem(a.limits.memory, b.limits.memory),
  );
}

function build(ctx: BuildContext<KafkaOptions>): ComponentBuild {
  const options = ctx.options();
  const release = STRIMZI_RELEASES[options.strimzi];
  const cluster = kafkaClusterName(ctx);
  const pools = planPools(ctx);
  const brokers = pools.filter((p) => p.roles.includes('broker')).reduce((n, p) => n + p.sizing.replicas, 0);
  const metricsName = `${cluster}-metrics`;
  const entityOperator = ctx.sizingOf(ENTITY_OPERATOR_SIZING);
  const peers = listenerPeers(ctx);
  // A fresh copy per listener: shared objects would come out as YAML anchors.
  const withPeers = (listener: Record<string, unknown>) => (peers.length > 0 ? { ...listener, networkPolicyPeers: structuredClone(peers) } : listener);

  const kafkaSpec: Record<string, unknown> = {
    version: options.version ?? release.kafka,
    listeners: [
      // No TLS, but no anonymous access either: `simple` authorization would deny ANONYMOUS
      // everything, so the plain listener authenticates with SCRAM-SHA-512 (audit C-13).
      withPeers({ name: 'plain', port: KAFKA_PORT.plain, type: 'internal', tls: false, authentication: { type: 'scram-sha-512' } }),
      withPeers({ name: 'tls', port: KAFKA_PORT.tls, type: 'internal', tls: true, authentication: { type: 'tls' } }),
    ],
    authorization: { type: 'simple' },
    config: brokerConfig(ctx, brokers),
    metricsConfig: metricsConfig(metricsName),
    template: {
      pod: { metadata: { labels: strimziPodLabels(ctx, 'broker') }, securityContext: strimziPodSecurityContext(ctx), enableServiceLinks: false },
      kafkaContainer: { securityContext: strimziContainerSecurityContext(ctx) },
      initContainer: { securityContext: strimziContainerSecurityContext(ctx) },
      // Strimzi's own PDB over all Kafka pods; we render none: the eviction API refuses evictions for a pod two PDBs select.
      podDisruptionBudget: { maxUnavailable: 1 },
    },
  };
  // A version override leaves the metadata version to Strimzi's default for that Kafka version.
  if (options.version === undefined) kafkaSpec['metadataVersion'] = release.metadataVersion;
  if (options.image !== undefined) kafkaSpec['image'] = options.image;
  if (ctx.multiZone) kafkaSpec['rack'] = { topologyKey: 'topology.kubernetes.io/zone' };

  const eoSelector = { [STRIMZI_LABEL.name]: `${cluster}-entity-operator` };
  const kafka: KubeObject = {
    apiVersion: STRIMZI_API,
    kind: 'Kafka',
    metadata: { name: cluster, namespace: ctx.namespace, labels: ctx.labels('cluster') },
    spec: {
      kafka: kafkaSpec,
      kafkaExporter: kafkaExporterSpec(ctx),
      entityOperator: {
        topicOperator: { resources: { requests: { ...entityOperator.resources.requests }, limits: { ...entityOperator.resources.limits } } },
        userOperator: { resources: { requests: { ...entityOperator.resources.requests }, limits: { ...entityOperator.resources.limits } } },
        template: {
          pod: strimziPodTemplate(ctx, { role: 'entity-operator', selector: eoSelector, replicas: 1, antiAffinity: 'none' }),
          topicOperatorContainer: { securityContext: strimziContainerSecurityContext(ctx) },
          userOperatorContainer: { securityContext: strimziContainerSecurityContext(ctx) },
        },
      },
    },
  };

  const users = kafkaUsers(ctx);
  const objects: KubeObject[] = [
    metricsConfigMap(ctx, { name: metricsName, kind: 'kafka', role: 'metrics' }),
    ...pools.map((plan) => nodePool(ctx, plan)),
    kafka,
    ...platformTopics(ctx, brokers),
    ...users.map((user) => kafkaUser(ctx, user)),
  ];

  const brokerPods = { [STRIMZI_LABEL.cluster]: cluster, 'strimzi.io/broker-role': 'true' };
  const controllerPods = { [STRIMZI_LABEL.cluster]: cluster, 'strimzi.io/controller-role': 'true' };
  const nodePods = { [STRIMZI_LABEL.cluster]: cluster, [STRIMZI_LABEL.kind]: 'Kafka' };
  const flows: Flow[] = [
    ...consumerFlows(ctx.consumers, {
      toSelector: brokerPods,
      ports: [
        { port: KAFKA_PORT.plain, name: 'plain' },
        { port: KAFKA_PORT.tls, name: 'tls' },
      ],
      describe: (c) => `${c} produces and consumes through the broker listeners`,
    }),
    {
      from: { kind: 'component', component: 'kafka' },
      toSelector: controllerPods,
      ports: [{ port: KAFKA_PORT.controlPlane, name: 'controlplane' }],
      description: 'brokers and controllers reach the KRaft quorum',
    },
    {
      from: { kind: 'component', component: 'kafka' },
      toSelector: nodePods,
      ports: [{ port: KAFKA_PORT.replication, name: 'replication' }],
      description: 'inter-broker replication; the entity operator manages topics and users',
    },
    {
      from: { kind: 'operator', operator: STRIMZI_OPERATOR_ID },
      toSelector: nodePods,
      ports: [
        { port: KAFKA_PORT.controlPlane, name: 'controlplane' },
        { port: KAFKA_PORT.replication, name: 'replication' },
        { port: KAFKA_PORT.agent, name: 'kafka-agent' },
      ],
      description: 'the Strimzi cluster operator administers the nodes and polls the Kafka agent',
    },
  ];
  const egress: Egress[] = [
    {
      to: { kind: 'apiserver' },
      fromSelector: eoSelector,
      ports: [{ port: 443 }, { port: 6443 }],
      description: 'the topic and user operators reconcile KafkaTopics, KafkaUsers and user Secrets',
    },
  ];
  if (ctx.multiZone) {
    egress.push({
      to: { kind: 'apiserver' },
      fromSelector: nodePods,
      ports: [{ port: 443 }, { port: 6443 }],
      description: 'the rack-awareness init container reads its node\'s zone label',
    });
  }

  const disruption: DisruptionSpec[] = [
    ...pools.map((plan) => ({ name: `${cluster}-${plan.name}`, namespace: ctx.namespace, selector: poolSelector(ctx, plan.name), replicas: plan.sizing.replicas, operatorManaged: true })),
    { name: `${cluster}-entity-operator`, namespace: ctx.namespace, selector: eoSelector, replicas: 1, operatorManaged: true },
  ];

  const footprint: PodFootprint[] = [
    ...pools.map(
      (plan): PodFootprint => ({
        name: `kafka-${plan.name}`,
        namespace: ctx.namespace,
        replicas: plan.sizing.replicas,
        resources: plan.sizing.resources,
        storage: [{ tier: 'fast', size: plan.sizing.storage }],
        spreadRequired: ctx.profile !== 'dev' && plan.sizing.replicas > 1,
        // Controllers need a Raft majority; brokers tolerate one loss at min ISR 2.
        minAvailable: plan.roles.includes('controller') ? Math.floor(plan.sizing.replicas / 2) + 1 : Math.max(1, plan.sizing.replicas - 1),
      }),
    ),
    { name: 'kafka-entity-operator', namespace: ctx.namespace, replicas: 1, resources: sumResources(entityOperator.resources, entityOperator.resources) },
    { name: 'kafka-exporter', namespace: ctx.namespace, replicas: 1, resources: KAFKA_EXPORTER_RESOURCES },
  ];

  const ref = (kind: string, name: string) => ({ apiVersion: STRIMZI_API, kind, name, namespace: ctx.namespace });
  const probe = kafkaAccess(ctx, 'probe');
  const checks: LiveCheck[] = [
    { id: 'kafka.ready', group: 'control', title: `Kafka cluster ${cluster} is Ready`, probe: { type: 'object-ready', ref: ref('Kafka', cluster) }, timeoutSeconds: 60 },
    ...pools.map(
      (plan): LiveCheck => ({
        id: `kafka.pool.${plan.name}`,
        group: 'control',
        title: `Kafka node pool ${plan.name}: all ${plan.sizing.replicas} nodes ready`,
        probe: { type: 'pods-ready', namespace: ctx.namespace, selector: poolSelector(ctx, plan.name), min: plan.sizing.replicas },
      }),
    ),
    { id: 'kafka.storage', group: 'storage', title: 'Kafka volumes are bound', probe: { type: 'pvcs-bound', namespace: ctx.namespace, selector: { [STRIMZI_LABEL.cluster]: cluster } } },
    { id: 'kafka.entity-operator', group: 'control', title: 'Kafka topic and user operators are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: eoSelector, min: 1 } },
    ...users.map(
      (user): LiveCheck => ({
        id: `kafka.user.${user.name}`,
        group: 'control',
        title: `KafkaUser ${kafkaUserName(ctx, user.name)} is Ready (certificate issued, ACLs applied)`,
        probe: { type: 'object-ready', ref: ref('KafkaUser', kafkaUserName(ctx, user.name)) },
      }),
    ),
    {
      id: 'kafka.roundtrip',
      group: 'connectivity',
      title: 'a message produced over mTLS is consumed back',
      probe: {
        type: 'kafka',
        endpoint: { namespace: ctx.namespace, service: probe.bootstrapService, port: KAFKA_PORT.tls },
        topic: probeTopic(ctx),
        tls: { userSecret: probe.userSecret, caSecret: probe.caSecret, namespace: ctx.namespace },
      },
      timeoutSeconds: 60,
    },
  ];

  const metrics = strimziMetrics({ name: cluster, namespace: ctx.namespace, selector: nodePods, metrics: KAFKA_METRICS });
  const exporter = kafkaExporterMetrics(ctx, cluster);
  const watch = [ctx.namespace];
  if (ctx.isEnabled('kafka-connect')) watch.push(ctx.namespaceOf('kafka-connect'));

  return {
    ...emptyBuild(),
    minKubernetesMinor: strimziKubernetesFloor(ctx.config),
    objects,
    flows,
    metrics: [metrics, exporter],
    alerts: [...kafkaAlerts(metrics, cluster), consumerLagAlert(exporter)],
    egress,
    secrets: kafkaOperatorSecrets(ctx, users),
    operators: [strimziOperator(ctx, { release: options.strimzi, watchNamespaces: watch })],
    disruption,
    // The first reconcile issues certificates and rolls every node; allow 900s.
    readiness: { timeoutSeconds: 900 },
    checks,
    footprint,
  };
}

export const kafka: ComponentDefinition<KafkaOptions> = {
  name: 'kafka',
  title: 'Apache Kafka (Strimzi, KRaft)',
  tier: 'streaming',
  layer: 'control',
  phase: 'streaming',
  version: KAFKA_VERSION,
  enabledByDefault: true,
  options: kafkaOptions,
  build,
};

