/**
 * Connector plugins baked into the Connect image: the Debezium PostgreSQL connector and
 * Confluent's Avro converter, which the Strimzi image lacks (audit A-28).
 */

/** @see https://debezium.io/releases/ */
export const DEBEZIUM_VERSION = '3.6.1.Final';
/** Same release line as the Schema Registry it talks to. @see https://docs.confluent.io/platform/current/schema-registry/connect.html */
export const AVRO_CONVERTER_VERSION = '8.3.1';
/** Confluent's artifacts are not on Maven Central. */
export const CONFLUENT_MAVEN = 'https://packages.confluent.io/maven/';

/** Strimzi resolves `maven` artifacts with their runtime dependencies during the build. */
export const CONNECT_PLUGINS = [
  {
    name: 'debezium-connector-postgres',
    artifacts: [{ type: 'maven', group: 'io.debezium', artifact: 'debezium-connector-postgres', version: DEBEZIUM_VERSION }],
  },
  {
    name: 'confluent-avro-converter',
    artifacts: [{ type: 'maven', repository: CONFLUENT_MAVEN, group: 'io.confluent', artifact: 'kafka-connect-avro-converter', version: AVRO_CONVERTER_VERSION }],
  },
] as const;

/** A tag naming exactly what is inside, so a plugin bump is a new image. */
export function buildTag(kafkaVersion: string): string {
  return `${kafkaVersion}-debezium-${DEBEZIUM_VERSION.toLowerCase()}-avro-${AVRO_CONVERTER_VERSION}`;
}

export const POSTGRES_CONNECTOR_CLASS = 'io.debezium.connector.postgresql.PostgresConnector';
export const AVRO_CONVERTER_CLASS = 'io.confluent.connect.avro.AvroConverter';
/** Shipped in Strimzi's Kafka images. @see https://github.com/strimzi/kafka-kubernetes-config-provider */
export const SECRET_PROVIDER_CLASS = 'io.strimzi.kafka.KubernetesSecretConfigProvider';
export const CONFIGMAP_PROVIDER_CLASS = 'io.strimzi.kafka.KubernetesConfigMapConfigProvider';
