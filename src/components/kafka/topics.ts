import type { KubeObject } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { kafkaConnectOptions } from '../kafka-connect/options.ts';
import { kafkaClusterName } from './access.ts';
import { STRIMZI_API, STRIMZI_LABEL } from './strimzi.ts';

/** Schema Registry's store (`kafkastore.topic`). @see https://docs.confluent.io/platform/current/schema-registry/installation/config.html#kafkastore-topic */
export const SCHEMAS_TOPIC = '_schemas';
/** Schema Registry's group (`schema.registry.group.id`); its store reader adds `-<host>-<port>`. */
export const SCHEMA_REGISTRY_GROUP = 'schema-registry';
/** Debezium `topic.prefix`: CDC topics are `cdc.<schema>.<table>`. */
export const CDC_TOPIC_PREFIX = 'cdc';
/** Prefixes the analytics engines own (topics they write, their consumer groups, transactional ids). */
export const ENGINE_PREFIX = { flink: 'flink', spark: 'spark' } as const;
/** Trino's consumer-group prefix (its Kafka connector only reads). */
export const TRINO_GROUP_PREFIX = 'trino';

/** The Connect cluster's names: group id and its three internal topics. */
export function connectNames(ctx: BuildContext) {
  const cluster = ctx.prefixed('connect');
  return {
    cluster,
    groupId: cluster,
    configs: `${cluster}-configs`,
    offsets: `${cluster}-offsets`,
    status: `${cluster}-status`,
  };
}

/** The topic `validate` produces to and consumes from over TLS. */
export function probeTopic(ctx: BuildContext): string {
  return ctx.prefixed('probe');
}

/** The CDC topic of a `schema.table`. */
export function cdcTopic(table: string): string {
  return `${CDC_TOPIC_PREFIX}.${table}`;
}

/** Replication for a cluster with `brokers` brokers: 3 copies and 2 in sync when it can, fewer on small clusters. */
export function replicationFor(brokers: number): { replicas: number; minInSync: number } {
  const replicas = Math.min(3, brokers);
  return { replicas, minInSync: replicas >= 3 ? 2 : 1 };
}

interface TopicInput {
  readonly name: string;
  readonly topicName: string;
  readonly partitions: number;
  readonly config: Record<string, string | number>;
  readonly role: string;
}

function topic(ctx: BuildContext, input: TopicInput, brokers: number): KubeObject {
  const { replicas, minInSync } = replicationFor(brokers);
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaTopic',
    metadata: {
      name: input.name,
      namespace: ctx.namespaceOf('kafka'),
      labels: { ...ctx.labels(input.role), [STRIMZI_LABEL.cluster]: kafkaClusterName(ctx) },
    },
    spec: {
      topicName: input.topicName,
      partitions: input.partitions,
      replicas,
      config: { 'min.insync.replicas': minInSync, ...input.config },
    },
  };
}

/** A Kubernetes name for a topic name (`_` and upper case are not allowed there). */
function objectName(topicName: string): string {
  return topicName.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+/, '');
}

/**
 * The platform's topics, managed by the Topic Operator: Schema Registry's store, Connect's three
 * internal topics, the CDC example's topics and the probe topic. Compacted where the reader
 * rebuilds state from them.
 * @see https://kafka.apache.org/documentation/#connect_running
 */
export function platformTopics(ctx: BuildContext, brokers: number): KubeObject[] {
  const topics: KubeObject[] = [];
  const compact = { 'cleanup.policy': 'compact' };
  if (ctx.isEnabled('schema-registry')) {
    topics.push(topic(ctx, { name: 'schema-registry-schemas', topicName: SCHEMAS_TOPIC, partitions: 1, config: compact, role: 'schema-registry' }, brokers));
  }
  if (ctx.isEnabled('kafka-connect')) {
    const names = connectNames(ctx);
    topics.push(
      topic(ctx, { name: names.configs, topicName: names.configs, partitions: 1, config: compact, role: 'kafka-connect' }, brokers),
      topic(ctx, { name: names.offsets, topicName: names.offsets, partitions: 25, config: compact, role: 'kafka-connect' }, brokers),
      topic(ctx, { name: names.status, topicName: names.status, partitions: 5, config: compact, role: 'kafka-connect' }, brokers),
    );
    const connect = ctx.optionsOf('kafka-connect', kafkaConnectOptions);
    if (connect.cdcExample) {
      for (const table of [...connect.cdcTables].sort()) {
        const name = cdcTopic(table);
        topics.push(topic(ctx, { name: objectName(name), topicName: name, partitions: 3, config: {}, role: 'cdc' }, brokers));
      }
    }
  }
  const probe = probeTopic(ctx);
  topics.push(topic(ctx, { name: probe, topicName: probe, partitions: 1, config: { 'retention.ms': 3_600_000 }, role: 'probe' }, brokers));
  return topics;
}
