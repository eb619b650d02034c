import type { BuildContext } from '../../model/build-context.ts';
import type { SecretKeySpec, SecretRequirement } from '../../model/secret.ts';
import type { Consumption, KafkaUserRequest } from '../../model/consumption.ts';
import { KAFKA_SECRET_KEY, kafkaAccess, kafkaClientSecrets } from '../kafka/access.ts';
import { CDC_TOPIC_PREFIX, ENGINE_PREFIX } from '../kafka/topics.ts';
import { prefixGroup, prefixTopic } from '../kafka/users.ts';
import { trinoClientTrust, trinoHttps } from '../trino/tls.ts';
import { AIRFLOW_TASK_PRINCIPAL, TASK_TOKEN_FILE, trinoTaskToken } from './task-token.ts';
import { TRINO_PORTS } from '../trino/versions.ts';
import { CONNECTIONS_SECRET } from './environment.ts';
import type { AirflowOptions } from './options.ts';

/** The Trino user Airflow's tasks run as (Trino trusts the user name inside the cluster, see docs/components/trino.md). */
export const AIRFLOW_TRINO_USER = 'airflow';
const TRINO_CA_DIR = '/etc/airflow/trino-ca';
const KAFKA_DIR = '/etc/airflow/kafka';

/** The pre-declared connections, the Secrets and files they need, and the volumes that carry those files. */
export interface AirflowConnections {
  /** Connection ids, each a key of the connections Secret. */
  readonly ids: readonly string[];
  readonly secrets: readonly SecretRequirement[];
  readonly volumes: readonly Record<string, unknown>[];
  readonly mounts: readonly { name: string; mountPath: string; readOnly: boolean }[];
}

/** Airflow's KafkaUser, and the prefix of the topics and consumer groups its DAGs own. */
export const AIRFLOW_KAFKA_USER = 'airflow';
export const AIRFLOW_KAFKA_PREFIX = 'airflow';

/**
 * Airflow's Kafka identity: DAGs wait for and read the data topics (CDC and what the engines
 * write), and produce to and consume from topics of their own (`airflow.*`, groups `airflow-*`).
 * No cluster-level right, no Delete, nothing on other components' topics.
 */
export function airflowKafkaUser(): KafkaUserRequest {
  return {
    name: AIRFLOW_KAFKA_USER,
    acls: [
      prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Read', 'Describe']),
      prefixTopic(`${ENGINE_PREFIX.spark}.`, ['Read', 'Describe']),
      prefixTopic(`${ENGINE_PREFIX.flink}.`, ['Read', 'Describe']),
      prefixTopic(`${AIRFLOW_KAFKA_PREFIX}.`, ['Read', 'Write', 'Describe', 'Create']),
      prefixGroup(`${AIRFLOW_KAFKA_PREFIX}-`, ['Read', 'Describe']),
    ],
  };
}

/**
 * What Airflow uses: Trino (`trino_default`), MLflow (tasks log runs), its task-log bucket, and Kafka as its own KafkaUser
 * while the `kafka_default` connection is on.
 */
export function airflowConsumes(ctx: BuildContext<AirflowOptions>): Consumption[] {
  const consumes: Consumption[] = [{ component: 'trino' }, { component: 'mlflow' }, { component: 'object-storage' }];
  if (ctx.options().connections.kafka) consumes.push({ component: 'kafka', kafkaUsers: [airflowKafkaUser()] });
  return consumes;
}

/** Airflow's KafkaUser when Kafka runs and `connections.kafka` is on (then `kafka_default` is declared). */
export function kafkaClientOf(ctx: BuildContext<AirflowOptions>): string | undefined {
  return ctx.options().connections.kafka && ctx.isEnabled('kafka') ? AIRFLOW_KAFKA_USER : undefined;
}

/**
 * `trino_default`: the coordinator over HTTPS with the CA of its certificate. With the platform
 * realm, as Airflow's service user with a bearer token the task pod's init container wrote
 * (`auth: jwt`, `jwt__file`: the hook reads the file at each connection, see task-token.ts); without it, as user
 * `airflow` (Trino then trusts the name).
 * @see https://airflow.apache.org/docs/apache-airflow-providers-trino/stable/connections.html
 */
function trino(ctx: BuildContext<AirflowOptions>): { value: string; volume?: Record<string, unknown>; mount?: { name: string; mountPath: string; readOnly: boolean }; secrets: readonly SecretRequirement[] } {
  const https = trinoHttps(ctx).enabled;
  // The Trino client sends a token only over HTTPS.
  const token = trinoTaskToken(ctx);
  const connection = {
    conn_type: 'trino',
    host: ctx.serviceHost('trino', ctx.namespaceOf('trino')),
    port: https ? TRINO_PORTS.https : TRINO_PORTS.http,
    login: token ? AIRFLOW_TASK_PRINCIPAL : AIRFLOW_TRINO_USER,
    schema: 'iceberg',
    extra: https ? { protocol: 'https', verify: `${TRINO_CA_DIR}/ca.crt`, ...(token ? { auth: 'jwt', jwt__file: TASK_TOKEN_FILE } : {}) } : { protocol: 'http' },
  };
  const trust = https ? trinoClientTrust(ctx, 'airflow') : undefined;
  if (!trust) return { value: JSON.stringify(connection), secrets: [] };
  return {
    value: JSON.stringify(connection),
    volume: trust.volume,
    mount: { name: 'trino-ca', mountPath: TRINO_CA_DIR, readOnly: true },
    secrets: trust.secrets,
  };
}

/**
 * `spark_kubernetes`: the in-cluster Kubernetes API in the Spark namespace, for the
 * SparkKubernetesOperator (it submits SparkApplication objects the Spark operator runs).
 * @see https://airflow.apache.org/docs/apache-airflow-providers-cncf-kubernetes/stable/connections/kubernetes.html
 */
function spark(ctx: BuildContext<AirflowOptions>): string {
  return JSON.stringify({ conn_type: 'kubernetes', extra: { in_cluster: true, namespace: ctx.namespaceOf('spark') } });
}

/**
 * `kafka_default`: the mTLS listener with Airflow's KafkaUser certificate (librdkafka settings).
 * @see https://airflow.apache.org/docs/apache-airflow-providers-apache-kafka/stable/connections/kafka.html
 */
function kafka(ctx: BuildContext<AirflowOptions>, client: string): string {
  const access = kafkaAccess(ctx, client);
  return JSON.stringify({
    conn_type: 'kafka',
    extra: {
      'bootstrap.servers': access.bootstrapTls,
      'security.protocol': 'SSL',
      'ssl.ca.location': `${KAFKA_DIR}/ca/${KAFKA_SECRET_KEY.caCrt}`,
      'ssl.certificate.location': `${KAFKA_DIR}/user/${KAFKA_SECRET_KEY.userCrt}`,
      'ssl.key.location': `${KAFKA_DIR}/user/${KAFKA_SECRET_KEY.userKey}`,
    },
  });
}

/**
 * The connections Airflow starts with, one per enabled peer the user did not switch off. They hold
 * no password (Trino trusts the user name, Spark uses the pod's token, Kafka a mounted
 * certificate) but live in a Secret all the same, so users may add credentials there later.
 */
export function airflowConnections(ctx: BuildContext<AirflowOptions>): AirflowConnections {
  const options = ctx.options().connections;
  const keys: SecretKeySpec[] = [];
  const volumes: Record<string, unknown>[] = [];
  const mounts: { name: string; mountPath: string; readOnly: boolean }[] = [];
  const secrets: SecretRequirement[] = [];
  if (options.trino && ctx.isEnabled('trino')) {
    const t = trino(ctx);
    keys.push({ key: 'trino_default', kind: 'token', value: t.value });
    secrets.push(...t.secrets);
    if (t.volume && t.mount) {
      volumes.push(t.volume);
      mounts.push(t.mount);
    }
  }
  if (options.spark && ctx.isEnabled('spark')) keys.push({ key: 'spark_kubernetes', kind: 'token', value: spark(ctx) });
  const client = kafkaClientOf(ctx);
  if (client !== undefined) {
    const access = kafkaAccess(ctx, client);
    keys.push({ key: 'kafka_default', kind: 'token', value: kafka(ctx, client) });
    secrets.push(...kafkaClientSecrets(ctx, client));
    volumes.push({ name: 'kafka-user', secret: { secretName: access.userSecret } }, { name: 'kafka-ca', secret: { secretName: access.caSecret } });
    mounts.push({ name: 'kafka-user', mountPath: `${KAFKA_DIR}/user`, readOnly: true }, { name: 'kafka-ca', mountPath: `${KAFKA_DIR}/ca`, readOnly: true });
  }
  if (keys.length > 0) {
    secrets.push({
      name: CONNECTIONS_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys,
      description: `Airflow connections ${keys.map((k) => k.key).join(', ')} (AIRFLOW_CONN_* values; no credential inside, edit to add one)`,
      consumers: ['airflow'],
    });
  }
  return { ids: keys.map((k) => k.key), secrets, volumes, mounts };
}
