import { z } from 'zod';
import { certManagerOptions } from './cert-manager/options.ts';
import { clickhouseOptions } from './clickhouse/options.ts';
import { dbtOptions } from './dbt/options.ts';
import { flinkOptions } from './flink/options.ts';
import { kafkaConnectOptions } from './kafka-connect/options.ts';
import { kafkaOptions } from './kafka/options.ts';
import { nessieOptions } from './nessie/options.ts';
import { objectStorageOptions } from './object-storage/options.ts';
import { postgresOptions } from './postgres/options.ts';
import { redisOptions } from './redis/options.ts';
import { schemaRegistryOptions } from './schema-registry/options.ts';
import { sparkOptions } from './spark/options.ts';
import { trinoOptions } from './trino/options.ts';

/**
 * `components.<name>` for every component the platform implements; each folder owns its schema.
 * Defaults are applied with `prefault({})` so a missing block still yields its defaults.
 */
export const componentsSchema = z.strictObject({
  'cert-manager': certManagerOptions.prefault({}),
  'object-storage': objectStorageOptions.prefault({}),
  postgres: postgresOptions.prefault({}),
  redis: redisOptions.prefault({}),
  nessie: nessieOptions.prefault({}),
  kafka: kafkaOptions.prefault({}),
  'schema-registry': schemaRegistryOptions.prefault({}),
  'kafka-connect': kafkaConnectOptions.prefault({}),
  spark: sparkOptions.prefault({}),
  flink: flinkOptions.prefault({}),
  trino: trinoOptions.prefault({}),
  clickhouse: clickhouseOptions.prefault({}),
  dbt: dbtOptions.prefault({}),
});

export type ComponentsOptions = z.output<typeof componentsSchema>;
export type ImplementedComponent = keyof ComponentsOptions;
