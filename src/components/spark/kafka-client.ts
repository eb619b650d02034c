import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../platform/context.ts';
import { KAFKA_SECRET_KEY, kafkaAccess, kafkaClientSecrets, kafkaClusterName } from '../kafka/access.ts';
import { KAFKA_PORT } from '../kafka/strimzi.ts';

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
 * Kafka access for an engine, with the Kafka component's naming (KafkaUser `<prefix>-<client>`,
 * Secret of the same name, cluster CA `<cluster>-cluster-ca-cert`). Spark and Flink are Kafka
 * clients the Kafka component creates users for; Trino's user (`<prefix>-trino`) must be added to
 * its client list (see docs/decisions/processing.md).
 */
export function kafkaClientAccess(ctx: BuildContext, client: EngineKafkaClient, options: { mountRoot: string }): KafkaClientAccess {
  const dirs = { userDir: `${options.mountRoot}/user`, caDir: `${options.mountRoot}/ca` };
  if (client !== 'trino') {
    const access = kafkaAccess(ctx, client);
    return { bootstrap: access.bootstrapTls, userSecret: access.userSecret, caSecret: access.caSecret, ...dirs, secrets: kafkaClientSecrets(ctx, client) };
  }
  const namespace = ctx.namespaceOf('kafka');
  const cluster = kafkaClusterName(ctx);
  const user = ctx.prefixed(client);
  const caSecret = `${cluster}-cluster-ca-cert`;
  const secrets: SecretRequirement[] =
    ctx.namespace === namespace
      ? []
      : [
          {
            name: user,
            namespace: ctx.namespace,
            source: 'copy',
            copyFrom: { namespace, name: user },
            keys: [
              { key: KAFKA_SECRET_KEY.userCrt, kind: 'base64-key' },
              { key: KAFKA_SECRET_KEY.userKey, kind: 'base64-key' },
              { key: KAFKA_SECRET_KEY.userP12, kind: 'base64-key' },
              { key: KAFKA_SECRET_KEY.userPassword, kind: 'password' },
            ],
            description: `Strimzi KafkaUser ${user}: mTLS client certificate for ${client}`,
            consumers: [client],
          },
          {
            name: caSecret,
            namespace: ctx.namespace,
            source: 'copy',
            copyFrom: { namespace, name: caSecret },
            keys: [
              { key: KAFKA_SECRET_KEY.caCrt, kind: 'base64-key' },
              { key: KAFKA_SECRET_KEY.caP12, kind: 'base64-key' },
              { key: KAFKA_SECRET_KEY.caPassword, kind: 'password' },
            ],
            description: `CA certificate of Kafka cluster ${cluster}, to trust its brokers`,
            consumers: [client],
          },
        ];
  return { bootstrap: `${cluster}-kafka-bootstrap.${namespace}.svc:${KAFKA_PORT.tls}`, userSecret: user, caSecret, ...dirs, secrets };
}

export { KAFKA_SECRET_KEY };
