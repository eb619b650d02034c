import type { KubeObject } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { KAFKA_SECRET_KEY } from '../kafka/access.ts';
import { STRIMZI_API, STRIMZI_LABEL } from '../kafka/strimzi.ts';
import { CDC_TOPIC_PREFIX } from '../kafka/topics.ts';
import type { PostgresAccess } from '../postgres/access.ts';
import { AVRO_CONVERTER_CLASS, POSTGRES_CONNECTOR_CLASS } from './plugins.ts';

/** What the CDC example captures and where its credentials are. */
export interface CdcPlan {
  readonly name: string;
  /** `schema.table` names, sorted. */
  readonly tables: readonly string[];
  /** ConfigMap with the non-secret connection settings. */
  readonly settingsConfigMap: string;
  /** Database, role Secret and keys (`postgresAccess(ctx, 'debezium')`). */
  readonly database: PostgresAccess;
  /** The primary's Service host (never the pooler). */
  readonly primaryHost: string;
  /** The debezium KafkaUser Secret in the Connect namespace. */
  readonly debeziumSecret: string;
}

/** The non-secret connection settings the connector reads through the ConfigMap provider. */
export function cdcSettings(plan: CdcPlan): Record<string, string> {
  return {
    'database.hostname': plan.primaryHost,
    'database.port': String(plan.database.port),
    'database.dbname': plan.database.database,
  };
}

/**
 * The example CDC connector: Debezium's PostgreSQL connector with `pgoutput` (no server plugin
 * to install), Avro through Schema Registry, and its producer and admin clients running as the
 * `debezium` KafkaUser. The database login and the client key come from Secrets through the
 * config providers; none is written into the connector.
 * @see https://debezium.io/documentation/reference/stable/connectors/postgresql.html#postgresql-connector-properties
 */
export function cdcConnector(ctx: BuildContext, input: { plan: CdcPlan; connectCluster: string; schemaRegistry: string | undefined }): KubeObject {
  const { plan } = input;
  const ns = ctx.namespace;
  const secret = (name: string, key: string) => `\${secrets:${ns}/${name}:${key}}`;
  const setting = (key: string) => `\${configmaps:${ns}/${plan.settingsConfigMap}:${key}}`;
  const slot = `${ctx.config.namePrefix.replace(/-/g, '_')}_cdc`;
  const config: Record<string, string | number> = {
    'database.hostname': setting('database.hostname'),
    'database.port': setting('database.port'),
    'database.dbname': setting('database.dbname'),
    'database.user': secret(plan.database.secretName, plan.database.userKey),
    'database.password': secret(plan.database.secretName, plan.database.passwordKey),
    'database.sslmode': 'require',
    'plugin.name': 'pgoutput',
    'slot.name': slot,
    'publication.name': slot,
    'publication.autocreate.mode': 'filtered',
    'table.include.list': plan.tables.join(','),
    'topic.prefix': CDC_TOPIC_PREFIX,
    // Heartbeats let the slot advance on quiet databases, so WAL does not pile up.
    'heartbeat.interval.ms': 10000,
    'topic.heartbeat.prefix': `${CDC_TOPIC_PREFIX}.heartbeat`,
    'snapshot.mode': 'initial',
    'topic.creation.default.replication.factor': -1,
    'topic.creation.default.partitions': 3,
  };
  for (const client of ['producer', 'admin'] as const) {
    config[`${client}.override.ssl.keystore.type`] = 'PEM';
    config[`${client}.override.ssl.keystore.certificate.chain`] = secret(plan.debeziumSecret, KAFKA_SECRET_KEY.userCrt);
    config[`${client}.override.ssl.keystore.key`] = secret(plan.debeziumSecret, KAFKA_SECRET_KEY.userKey);
  }
  if (input.schemaRegistry !== undefined) {
    config['key.converter'] = AVRO_CONVERTER_CLASS;
    config['key.converter.schema.registry.url'] = input.schemaRegistry;
    config['value.converter'] = AVRO_CONVERTER_CLASS;
    config['value.converter.schema.registry.url'] = input.schemaRegistry;
  }
  const sorted: Record<string, string | number> = {};
  for (const key of Object.keys(config).sort()) sorted[key] = config[key]!;
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaConnector',
    metadata: { name: plan.name, namespace: ns, labels: { ...ctx.labels('cdc'), [STRIMZI_LABEL.cluster]: input.connectCluster } },
    spec: {
      class: POSTGRES_CONNECTOR_CLASS,
      // One task: a PostgreSQL replication slot has exactly one reader.
      tasksMax: 1,
      autoRestart: { enabled: true },
      config: sorted,
    },
  };
}
