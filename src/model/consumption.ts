import type { Labels } from './kube.ts';
import type { ComponentName } from './names.ts';

/** Operations a Kafka ACL grants. @see https://strimzi.io/docs/operators/latest/configuring#type-AclRule-reference */
export const KAFKA_ACL_OPERATIONS = ['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All'] as const;
export type KafkaAclOperation = (typeof KAFKA_ACL_OPERATIONS)[number];

/** One `simple` authorization rule of a KafkaUser. @see https://strimzi.io/docs/operators/latest/configuring#type-AclRule-reference */
export interface KafkaAclRule {
  readonly resource: { readonly type: 'topic' | 'group' | 'cluster' | 'transactionalId'; readonly name?: string; readonly patternType?: 'literal' | 'prefix' };
  readonly operations: readonly KafkaAclOperation[];
}

/**
 * A Kafka identity a consumer runs as: the Kafka component issues a KafkaUser (mTLS) named
 * `<prefix>-<name>` with exactly these ACLs, and declares its Secret; the consumer copies the
 * Secret into its namespace (`kafkaClientSecrets`).
 */
export interface KafkaUserRequest {
  /** The user's short name, unique across the platform (`flink`, `debezium`). */
  readonly name: string;
  /** Least privilege: only the topics, groups and transactional ids its job needs. */
  readonly acls: readonly KafkaAclRule[];
}

/**
 * A service of another component that this component uses, declared by the consumer itself
 * (`ComponentDefinition.consumes`). The provider reads its consumers (`ctx.consumers`) and turns
 * each into what the connection needs: a flow into the right pods on the right ports, a Kafka
 * user with its ACLs, credentials or a CA in the consumer's namespace. So a new consumer touches
 * only its own folder, and no component declares rules in another's namespace.
 */
export interface Consumption {
  /** The component whose service is used. */
  readonly component: ComponentName;
  /** The consumer's pods that connect (e.g. user pods only); all its pods when absent. */
  readonly selector?: Labels;
  /** Why it connects, for the flow's description. @default the provider's wording */
  readonly purpose?: string;
  /** For `kafka`: the identities the consumer runs as. None: a flow only (users bring credentials). */
  readonly kafkaUsers?: readonly KafkaUserRequest[];
}

/** A consumption as the provider sees it: who declared it and where that component runs. */
export interface Consumer extends Consumption {
  /** The declaring (consuming) component. */
  readonly consumer: ComponentName;
  /** Its namespace. */
  readonly namespace: string;
}
