import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, cronSchedule, dnsLabel, resourcesWithMemoryFloor } from '../../config/primitives.ts';

/** The operators that can run the PostgreSQL cluster. */
export const POSTGRES_OPERATORS = ['cnpg', 'crunchy'] as const;
export type PostgresOperator = (typeof POSTGRES_OPERATORS)[number];

/** The platform's own role and database, used by the live SQL check. */
export const PLATFORM_ROLE = 'datalyptica';

/** Options under `components.postgres`. */
export const postgresOptions = baseComponentOptions.extend({
  /**
   * Requests/limits merged over the profile's. Memory at least 256Mi: `shared_buffers` is a quarter
   * of the memory request, and PostgreSQL needs room for connections beside it.
   * @see https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-SHARED-BUFFERS
   */
  resources: resourcesWithMemoryFloor('256Mi', 'shared_buffers is a quarter of the memory request').optional(),
  /**
   * `cnpg`: CloudNativePG `Cluster`; `crunchy`: Crunchy PGO `PostgresCluster`.
   * @default 'cnpg'
   * @see https://cloudnative-pg.io/documentation/current/
   * @see https://access.crunchydata.com/documentation/postgres-operator/latest
   */
  operator: z.enum(POSTGRES_OPERATORS).default('cnpg'),
  /**
   * PostgreSQL major version. 17, not the newer 18: it is the newest major every planned consumer
   * (Keycloak, Airflow, Superset, Grafana, MLflow) documents support for.
   * @default 17
   */
  postgresVersion: z.int().min(15).max(18).default(17),
  /**
   * Roles and databases to declare, one per consumer, each named after it, instead of the derived
   * list: the platform's own (`datalyptica`) plus one per enabled component that declares a
   * database (`nessie`, `trino` for its `postgresql` catalog, `debezium` for the CDC connector in
   * Kafka Connect).
   * @default the derived list
   */
  consumers: z.array(dnsLabel).min(1).optional(),
  /** Base backups and WAL archive to the `backups` bucket. */
  backups: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /**
       * Daily base backup at 02:00 (seeds: 02:00 daily). CNPG takes a six-field cron (seconds first);
       * Crunchy takes five fields, so the seconds are dropped there.
       * @default '0 0 2 * * *'
       */
      schedule: cronSchedule(6).default('0 0 2 * * *'),
      /** How long backups and WAL are kept, `<n>d|w|m`. @default '30d' */
      retention: z.string().regex(/^[1-9][0-9]*[dwm]$/).default('30d'),
    })
    .prefault({}),
  /** PgBouncer pooler pods. @default 2 (1 in dev) */
  poolerInstances: count(1).optional(),
});

export type PostgresOptions = z.output<typeof postgresOptions>;
