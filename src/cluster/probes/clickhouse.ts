import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext } from './context.ts';

type ClickHouseProbe = Extract<Probe, { type: 'clickhouse' }>;

/**
 * Ping (`/ping` needs no login), then `SELECT version()` as the probe's user, so a wrong
 * password fails too.
 * @see https://clickhouse.com/docs/integrations/javascript
 */
export async function clickhouseProbe(probe: ClickHouseProbe, ctx: ProbeContext): Promise<string> {
  const password = await ctx.secret(probe.password);
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    const client = createClient({
      url: `http://${host}:${port}`,
      username: probe.user,
      password,
      request_timeout: ctx.timeoutMs,
      application: 'datalyptica-validate',
      // Failures are reported by the check; the client's own console logging would interleave with the report.
      log: { level: ClickHouseLogLevel.OFF },
    });
    try {
      const ping = await client.ping();
      if (!ping.success) throw ping.error;
      const result = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow', abort_signal: ctx.signal });
      const rows = await result.json<{ version: string }>();
      return `${describeTarget(probe.endpoint)} ping ok, ClickHouse ${rows[0]?.version ?? 'unknown'} as ${probe.user}`;
    } catch (error) {
      throw new ProbeFailure(`ClickHouse ${describeTarget(probe.endpoint)} as ${probe.user}: ${errorText(error)}`, { cause: error });
    } finally {
      await client.close().catch(() => undefined);
    }
  });
}
