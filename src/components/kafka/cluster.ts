import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import { LABEL } from '../../platform/labels.ts';
import { kafkaExporterSpec } from './exporter.ts';
import { metricsConfig } from './metrics.ts';
import type { KafkaOptions } from './options.ts';
import { ENTITY_OPERATOR_SIZING, PRODUCTION_TUNING } from './sizing.ts';
import { KAFKA_FORBIDDEN_EXCEPTIONS, KAFKA_FORBIDDEN_PREFIXES, KAFKA_PORT, STRIMZI_API, STRIMZI_RELEASES, forbiddenKeys } from './strimzi.ts';
import { strimziContainerSecurityContext, strimziPodLabels, strimziPodSecurityContext, strimziPodTemplate } from './template.ts';
import { replicationFor } from './topics.ts';

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

/**
 * The `Kafka` CR: SCRAM and mTLS listeners, simple authorization, the broker config for the
 * broker count, rack awareness on multi-zone clusters, the exporter and the entity operator.
 * @see https://strimzi.io/docs/operators/latest/configuring.html#type-KafkaSpec-reference
 */
export function kafkaCluster(ctx: BuildContext<KafkaOptions>, input: { cluster: string; brokers: number; metricsName: string; eoSelector: Labels }): KubeObject {
  const { cluster, brokers, metricsName, eoSelector } = input;
  const options = ctx.options();
  const release = STRIMZI_RELEASES[options.strimzi];
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
  return kafka;
}
