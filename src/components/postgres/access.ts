import type { BuildContext } from '../../model/build-context.ts';
import { postgresOptions } from './options.ts';

/** How a consumer reaches its database: connection facts plus the Secret in its own namespace. */
export interface PostgresAccess {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly jdbcUrl: string;
  /** Secret in the consumer's namespace (type kubernetes.io/basic-auth). */
  readonly secretName: string;
  readonly userKey: string;
  readonly passwordKey: string;
}

/** The PostgreSQL cluster's name (`datalyptica-postgres`), shared by both operators. */
export function postgresClusterName(ctx: BuildContext): string {
  return ctx.prefixed('postgres');
}

/**
 * What `consumer` uses to connect: the pooler's read-write Service, the consumer's own
 * database and role (each named after the consumer), and a Secret with its credentials in its
 * own namespace (a Pod cannot read a Secret from another namespace).
 */
export function postgresAccess(ctx: BuildContext, consumer: string): PostgresAccess {
  const cluster = postgresClusterName(ctx);
  const namespace = ctx.namespaceOf('postgres');
  const operator = ctx.optionsOf('postgres', postgresOptions).operator;
  // CNPG: the PgBouncer Pooler Service; Crunchy: the PgBouncer Service PGO creates.
  const service = operator === 'crunchy' ? `${cluster}-pgbouncer` : `${cluster}-pooler-rw`;
  const host = `${service}.${namespace}.svc`;
  const port = 5432;
  const database = consumer;
  return {
    host,
    port,
    database,
    jdbcUrl: `jdbc:postgresql://${host}:${port}/${database}`,
    secretName: `${ctx.config.namePrefix}-pg-${consumer}`,
    userKey: 'username',
    passwordKey: 'password',
  };
}
