import type { KubeObject } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { CLIENT_COMPONENT, KAFKA_CLIENTS, kafkaClusterName, kafkaUserName, type KafkaClient } from './access.ts';
import { CDC_TOPIC_PREFIX, ENGINE_PREFIX, SCHEMAS_TOPIC, TRINO_GROUP_PREFIX, SCHEMA_REGISTRY_GROUP, connectNames, probeTopic } from './topics.ts';
import { STRIMZI_API, STRIMZI_LABEL } from './strimzi.ts';

export const ACL_OPERATIONS = ['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All'] as const;
export type AclOperation = (typeof ACL_OPERATIONS)[number];

/** One `simple` authorization rule. @see https://strimzi.io/docs/operators/latest/configuring#type-AclRule-reference */
export interface AclRule {
  readonly resource: { readonly type: 'topic' | 'group' | 'cluster' | 'transactionalId'; readonly name?: string; readonly patternType?: 'literal' | 'prefix' };
  readonly operations: readonly AclOperation[];
}

const literalTopic = (name: string, operations: AclOperation[]): AclRule => ({ resource: { type: 'topic', name, patternType: 'literal' }, operations });
const prefixTopic = (name: string, operations: AclOperation[]): AclRule => ({ resource: { type: 'topic', name, patternType: 'prefix' }, operations });
const prefixGroup = (name: string, operations: AclOperation[]): AclRule => ({ resource: { type: 'group', name, patternType: 'prefix' }, operations });
const literalGroup = (name: string, operations: AclOperation[]): AclRule => ({ resource: { type: 'group', name, patternType: 'literal' }, operations });

/**
 * Least-privilege ACLs per client: each may touch only the topics, groups and transactional ids
 * its job needs; no client gets cluster-level or wildcard rights.
 */
export function clientAcls(ctx: BuildContext, client: KafkaClient): AclRule[] {
  switch (client) {
    case 'schema-registry':
      // Verifies the store topic's compaction (DescribeConfigs), reads it back and appends to it;
      // the group prefix covers both the leader-election group and the store reader's group.
      return [
        literalTopic(SCHEMAS_TOPIC, ['Read', 'Write', 'Describe', 'DescribeConfigs']),
        prefixGroup(SCHEMA_REGISTRY_GROUP, ['Read', 'Describe']),
      ];
    case 'kafka-connect': {
      const names = connectNames(ctx);
      const internal: AclOperation[] = ['Read', 'Write', 'Describe', 'DescribeConfigs', 'Create'];
      return [
        literalTopic(names.configs, internal),
        literalTopic(names.offsets, internal),
        literalTopic(names.status, internal),
        literalGroup(names.groupId, ['Read', 'Describe']),
      ];
    }
    case 'debezium':
      // The CDC connector's producer and admin client run as this user (client overrides);
      // Create lets Connect create topics for newly captured tables.
      return [prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Write', 'Describe', 'DescribeConfigs', 'Create'])];
    case 'flink':
    case 'spark': {
      const prefix = ENGINE_PREFIX[client];
      const rules: AclRule[] = [
        prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Read', 'Describe']),
        prefixTopic(`${prefix}.`, ['Read', 'Write', 'Describe', 'Create']),
        prefixGroup(`${prefix}-`, ['Read', 'Describe']),
      ];
      // Flink's exactly-once KafkaSink writes transactionally.
      if (client === 'flink') rules.push({ resource: { type: 'transactionalId', name: `${prefix}-`, patternType: 'prefix' }, operations: ['Write', 'Describe'] });
      return rules;
    }
    case 'trino':
      // SQL over the data topics (CDC and what the engines write), read-only: no Write, no Create.
      return [
        prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Read', 'Describe']),
        prefixTopic(`${ENGINE_PREFIX.spark}.`, ['Read', 'Describe']),
        prefixTopic(`${ENGINE_PREFIX.flink}.`, ['Read', 'Describe']),
        prefixGroup(`${TRINO_GROUP_PREFIX}-`, ['Read', 'Describe']),
      ];
    case 'probe': {
      const topic = probeTopic(ctx);
      // `datalyptica validate` joins a throwaway group `<topic>-validate-<id>` and deletes it afterwards.
      return [literalTopic(topic, ['Read', 'Write', 'Describe']), prefixGroup(topic, ['Read', 'Describe', 'Delete'])];
    }
  }
}

/** The clients this platform has: those whose component is enabled, plus the probe. */
export function activeClients(ctx: BuildContext): KafkaClient[] {
  return KAFKA_CLIENTS.filter((client) => client === 'probe' || ctx.isEnabled(CLIENT_COMPONENT[client]));
}

/** A KafkaUser with mTLS authentication and `simple` ACLs. */
export function kafkaUser(ctx: BuildContext, client: KafkaClient): KubeObject {
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaUser',
    metadata: {
      name: kafkaUserName(ctx, client),
      namespace: ctx.namespaceOf('kafka'),
      labels: { ...ctx.labels(`user-${client}`), [STRIMZI_LABEL.cluster]: kafkaClusterName(ctx) },
    },
    spec: {
      authentication: { type: 'tls' },
      authorization: {
        type: 'simple',
        acls: clientAcls(ctx, client).map((rule) => ({
          resource: { ...rule.resource },
          operations: [...rule.operations],
          host: '*',
          type: 'allow',
        })),
      },
    },
  };
}
