import type { BuildContext } from '../../model/build-context.ts';
import { NESSIE_ENGINE_CLIENTS, nessieEngineCatalog, type NessieEngineCatalog } from '../nessie/engine-auth.ts';
import type { KafkaClientAccess } from '../spark/kafka-client.ts';
import { KAFKA_SECRET_KEY } from '../spark/kafka-client.ts';

export const FLINK_SQL_SCRIPT = 'kafka-to-iceberg.sql';
export const FLINK_SQL_MOUNT = '/opt/datalyptica/sql';
/** The topic the example reads (inside the `flink.` prefix its KafkaUser may read). */
export const FLINK_EXAMPLE_TOPIC = 'flink.events';

/** The realm client Flink's JobManagers and TaskManagers obtain Nessie tokens with, and its Secret. */
export const FLINK_NESSIE_CLIENT = NESSIE_ENGINE_CLIENTS.flink;
export const FLINK_NESSIE_SECRET = 'flink-nessie-client';

/**
 * Flink's Nessie catalog: API v2, or Iceberg REST with client credentials when Nessie requires a
 * token. TaskManagers load the table to commit on each checkpoint, so every Flink pod carries the env.
 */
export function flinkNessieCatalog(ctx: BuildContext): NessieEngineCatalog {
  return nessieEngineCatalog(ctx, { component: 'flink', clientId: FLINK_NESSIE_CLIENT, secretName: FLINK_NESSIE_SECRET, description: 'Flink JobManagers and TaskManagers' });
}

/**
 * `CREATE CATALOG` options of the Iceberg catalog on Nessie: Iceberg's Flink catalog takes the
 * Nessie implementation by class (`catalog-impl`) and REST by `catalog-type`.
 * @see https://iceberg.apache.org/docs/latest/flink/#catalog-configuration
 */
export function flinkCatalogOptions(ctx: BuildContext): [string, string][] {
  const { type, ...rest } = flinkNessieCatalog(ctx).properties;
  const kind: [string, string] = type === 'nessie' ? ['catalog-impl', 'org.apache.iceberg.nessie.NessieCatalog'] : ['catalog-type', type ?? 'rest'];
  return [['type', 'iceberg'], kind, ...Object.entries(rest)];
}

/**
 * Flink SQL for the example session job: a Kafka source over mTLS (the keystore passwords come
 * from the mounted Secret files through Kafka's DirectoryConfigProvider, never as literals) into
 * an Iceberg table in the Nessie catalog. Iceberg commits on every checkpoint. The Nessie client
 * secret, when Nessie requires a token, is only named (`env:NESSIE_CREDENTIAL`).
 * @see https://iceberg.apache.org/docs/latest/flink/
 */
export function kafkaToIcebergSql(ctx: BuildContext, kafka: KafkaClientAccess): string {
  const s3 = ctx.objectStorage;
  const catalog = flinkCatalogOptions(ctx).map(([key, value]) => `  '${key}' = '${value}',`).join('\n');
  return `-- Datalyptica example: Kafka topic ${FLINK_EXAMPLE_TOPIC} -> Iceberg table nessie.demo.flink_events
CREATE CATALOG nessie WITH (
${catalog}
  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
  's3.endpoint' = '${s3.endpoint}',
  's3.path-style-access' = '${String(s3.pathStyle)}',
  'client.region' = '${s3.region}'
);

CREATE DATABASE IF NOT EXISTS nessie.demo;

CREATE TABLE IF NOT EXISTS nessie.demo.flink_events (
  id STRING,
  kind STRING,
  amount DOUBLE,
  created_at TIMESTAMP(3)
);

CREATE TEMPORARY TABLE events_source (
  id STRING,
  kind STRING,
  amount DOUBLE,
  created_at TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = '${FLINK_EXAMPLE_TOPIC}',
  'properties.bootstrap.servers' = '${kafka.bootstrap}',
  'properties.group.id' = 'flink-kafka-to-iceberg',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'properties.security.protocol' = 'SSL',
  'properties.config.providers' = 'dir',
  'properties.config.providers.dir.class' = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
  'properties.ssl.keystore.type' = 'PKCS12',
  'properties.ssl.keystore.location' = '${kafka.userDir}/${KAFKA_SECRET_KEY.userP12}',
  'properties.ssl.keystore.password' = '\${dir:${kafka.userDir}:${KAFKA_SECRET_KEY.userPassword}}',
  'properties.ssl.truststore.type' = 'PKCS12',
  'properties.ssl.truststore.location' = '${kafka.caDir}/${KAFKA_SECRET_KEY.caP12}',
  'properties.ssl.truststore.password' = '\${dir:${kafka.caDir}:${KAFKA_SECRET_KEY.caPassword}}'
);

INSERT INTO nessie.demo.flink_events SELECT id, kind, amount, created_at FROM events_source;
`;
}
