import pg from 'pg';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext } from './context.ts';

type PostgresProbe = Extract<Probe, { type: 'postgres' }>;

/**
 * Logs in with the role's credentials from its Secret and runs the probe's SQL.
 * @see https://node-postgres.com/apis/client
 */
export async function postgresProbe(probe: PostgresProbe, ctx: ProbeContext): Promise<string> {
  const [user, password] = await Promise.all([ctx.secret(probe.user), ctx.secret(probe.password)]);
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    const client = new pg.Client({
      host,
      port,
      user,
      password,
      database: probe.database,
      connectionTimeoutMillis: ctx.timeoutMs,
      query_timeout: ctx.timeoutMs,
      application_name: 'datalyptica-validate',
      // Reached through the API server's authenticated tunnel; the server name is the Service's.
      ssl: probe.tls ? { rejectUnauthorized: false, servername: `${probe.endpoint.service}.${probe.endpoint.namespace}.svc` } : false,
    });
    client.on('error', () => undefined);
    const abort = () => void client.end().catch(() => undefined);
    ctx.signal.addEventListener('abort', abort, { once: true });
    try {
      await client.connect();
      const result = await client.query({ text: probe.sql, rowMode: 'array' });
      const first = (result.rows[0] as unknown[] | undefined)?.[0];
      return `${describeTarget(probe.endpoint)} database ${probe.database} as ${user}: ${probe.sql} → ${result.rowCount ?? 0} row(s)${first === undefined ? '' : `, first value ${String(first)}`}`;
    } catch (error) {
      throw new ProbeFailure(`PostgreSQL ${describeTarget(probe.endpoint)} database ${probe.database} as ${user}: ${errorText(error)}`, { cause: error });
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      await client.end().catch(() => undefined);
    }
  });
}
