import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import type { Consumption, KafkaAclRule, KafkaUserRequest } from '../../model/consumption.ts';
import { KAFKA_SECRET_KEY, kafkaAccess, kafkaClientSecrets } from '../kafka/access.ts';
import { CDC_TOPIC_PREFIX, ENGINE_PREFIX } from '../kafka/topics.ts';
import { prefixGroup, prefixTopic, prefixTransactionalId } from '../kafka/users.ts';

/** The processing and query engines that read Kafka, each as its own KafkaUser. */
export type EngineKafkaClient = 'spark' | 'flink' | 'trino';

/** How an engine reaches Kafka over mTLS with its own KafkaUser. */
export interface KafkaClientAccess {
  /** `host:port` of the TLS bootstrap Service. */
  readonly bootstrap: string;
  /** The KafkaUser's Secret in the engine's namespace (`user.p12`, `user.password`...). */
  readonly userSecret: string;
  /** The cluster CA Secret in the engine's namespace (`ca.p12`, `ca.password`, `ca.crt`). */
  readonly caSecret: string;
  /** Where the engine mounts the two Secrets (each key a file). */
  readonly userDir: string;
  readonly caDir: string;
  /** The `copy` SecretRequirements that put the Secrets into the engine's namespace. */
  readonly secrets: readonly SecretRequirement[];
}

/**
 * Kafka access for an engine through the Kafka component's own naming (`kafkaAccess`, KafkaUser
 * `<prefix>-<client>`, cluster CA `<cluster>-cluster-ca-cert`) and its copy requirements
 * (`kafkaClientSecrets`). Two engines in one namespace declare the same CA copy; the platform
 * merges them into one requirement.
 */
export function kafkaClientAccess(ctx: BuildContext, client: EngineKafkaClient, options: { mountRoot: string }): KafkaClientAccess {
  const access = kafkaAccess(ctx, client);
  return {
    bootstrap: access.bootstrapTls,
    userSecret: access.userSecret,
    caSecret: access.caSecret,
    userDir: `${options.mountRoot}/user`,
    caDir: `${options.mountRoot}/ca`,
    secrets: kafkaClientSecrets(ctx, client),
  };
}

export { KAFKA_SECRET_KEY };

/**
 * The Kafka user of an analytics engine: it reads the CDC topics and owns its prefix (topics it
 * writes, its consumer groups); Flink's exactly-once KafkaSink also writes transactionally.
 */
export function engineKafkaUser(engine: 'spark' | 'flink'): KafkaUserRequest {
  const prefix = ENGINE_PREFIX[engine];
  const acls: KafkaAclRule[] = [
    prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Read', 'Describe']),
    prefixTopic(`${prefix}.`, ['Read', 'Write', 'Describe', 'Create']),
    prefixGroup(`${prefix}-`, ['Read', 'Describe']),
  ];
  if (engine === 'flink') acls.push(prefixTransactionalId(`${prefix}-`, ['Write', 'Describe']));
  return { name: engine, acls };
}

/**
 * What an analytics engine uses: the Iceberg catalog (Nessie), its buckets, Schema Registry, and Kafka as its own
 * KafkaUser.
 */
export function engineConsumes(engine: 'spark' | 'flink'): Consumption[] {
  return [{ component: 'nessie' }, { component: 'object-storage' }, { component: 'schema-registry' }, { component: 'kafka', kafkaUsers: [engineKafkaUser(engine)] }];
}
