import type { SecretKeySpec, SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import type { ComponentName } from '../../model/names.ts';
import { KAFKA_PORT } from './strimzi.ts';

/** Key names inside the Secrets Strimzi writes. @see https://strimzi.io/docs/operators/latest/deploying#con-securing-client-authentication-str */
export const KAFKA_SECRET_KEY = {
  userCrt: 'user.crt',
  userKey: 'user.key',
  userP12: 'user.p12',
  userPassword: 'user.password',
  caCrt: 'ca.crt',
  caP12: 'ca.p12',
  caPassword: 'ca.password',
} as const;

/** The Kafka cluster's name (`datalyptica-kafka`): Strimzi derives every Service and Secret name from it. */
export function kafkaClusterName(ctx: BuildContext): string {
  return ctx.prefixed('kafka');
}

/** The KafkaUser (and so the Secret and the `CN=` principal) of a client. */
export function kafkaUserName(ctx: BuildContext, client: string): string {
  return ctx.prefixed(client);
}

/** How a client reaches Kafka: bootstrap addresses and the Secrets that hold its certificates. */
export interface KafkaAccess {
  readonly cluster: string;
  /** The Kafka cluster's namespace (where Strimzi writes the Secrets). */
  readonly namespace: string;
  readonly bootstrapService: string;
  /** `host:port` of the mTLS listener, which every platform client uses. */
  readonly bootstrapTls: string;
  /** `host:port` of the plain (SCRAM-SHA-512) listener. */
  readonly bootstrapPlain: string;
  readonly user: string;
  /** The user's Secret (same name in the client's namespace: copied there when it differs). */
  readonly userSecret: string;
  /** The cluster CA certificate Secret (`ca.crt`, `ca.p12`, `ca.password`). */
  readonly caSecret: string;
}

export function kafkaAccess(ctx: BuildContext, client: string): KafkaAccess {
  const cluster = kafkaClusterName(ctx);
  const namespace = ctx.namespaceOf('kafka');
  const bootstrapService = `${cluster}-kafka-bootstrap`;
  const host = `${bootstrapService}.${namespace}.svc`;
  const user = kafkaUserName(ctx, client);
  return {
    cluster,
    namespace,
    bootstrapService,
    bootstrapTls: `${host}:${KAFKA_PORT.tls}`,
    bootstrapPlain: `${host}:${KAFKA_PORT.plain}`,
    user,
    userSecret: user,
    caSecret: `${cluster}-cluster-ca-cert`,
  };
}

const USER_KEYS: readonly SecretKeySpec[] = [
  { key: KAFKA_SECRET_KEY.userCrt, kind: 'base64-key' },
  { key: KAFKA_SECRET_KEY.userKey, kind: 'base64-key' },
  { key: KAFKA_SECRET_KEY.userP12, kind: 'base64-key' },
  { key: KAFKA_SECRET_KEY.userPassword, kind: 'password' },
];
const CA_KEYS: readonly SecretKeySpec[] = [
  { key: KAFKA_SECRET_KEY.caCrt, kind: 'base64-key' },
  { key: KAFKA_SECRET_KEY.caP12, kind: 'base64-key' },
  { key: KAFKA_SECRET_KEY.caPassword, kind: 'password' },
];

/**
 * The Secrets a client running in the calling component's namespace reads. Strimzi writes them
 * in the Kafka namespace; when the client lives elsewhere, `deploy` copies them across (a Pod
 * cannot mount another namespace's Secret). Empty when the client shares Kafka's namespace: the
 * Kafka component already declares the originals.
 */
export function kafkaClientSecrets(ctx: BuildContext, client: string): SecretRequirement[] {
  const access = kafkaAccess(ctx, client);
  if (ctx.namespace === access.namespace) return [];
  const consumers = [ctx.name];
  return [
    {
      name: access.userSecret,
      namespace: ctx.namespace,
      source: 'copy',
      copyFrom: { namespace: access.namespace, name: access.userSecret },
      keys: USER_KEYS,
      description: `Strimzi KafkaUser ${access.user}: mTLS client certificate for ${client}`,
      consumers,
    },
    {
      name: access.caSecret,
      namespace: ctx.namespace,
      source: 'copy',
      copyFrom: { namespace: access.namespace, name: access.caSecret },
      keys: CA_KEYS,
      description: `CA certificate of Kafka cluster ${access.cluster}, to trust its brokers`,
      consumers,
    },
  ];
}

/** The originals, declared once by the Kafka component: every user Secret plus the cluster CA. */
export function kafkaOperatorSecrets(ctx: BuildContext, users: readonly { readonly name: string; readonly component: ComponentName }[]): SecretRequirement[] {
  const namespace = ctx.namespaceOf('kafka');
  const ca = kafkaAccess(ctx, 'probe').caSecret;
  return [
    {
      name: ca,
      namespace,
      source: 'operator',
      keys: CA_KEYS,
      description: `cluster CA certificate Strimzi creates for ${kafkaClusterName(ctx)}; clients trust the brokers with it`,
      consumers: [...new Set(users.map((u) => u.component))].sort(),
    },
    ...users.map(
      (user): SecretRequirement => ({
        name: kafkaUserName(ctx, user.name),
        namespace,
        source: 'operator',
        keys: USER_KEYS,
        description: `client certificate the Strimzi User Operator issues for KafkaUser ${kafkaUserName(ctx, user.name)} (${user.name})`,
        consumers: [user.component],
      }),
    ),
  ];
}
