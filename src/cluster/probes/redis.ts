import { Redis } from 'ioredis';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext } from './context.ts';

type RedisProbe = Extract<Probe, { type: 'redis' }>;

/**
 * AUTH (when the probe names a password Secret) and PING, expecting PONG. No retries: a
 * refused connection or a wrong password is a FAIL, not a wait.
 * @see https://redis.io/docs/latest/commands/ping/
 */
export async function redisProbe(probe: RedisProbe, ctx: ProbeContext): Promise<string> {
  const password = probe.password === undefined ? undefined : await ctx.secret(probe.password);
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    const client = new Redis({
      host,
      port,
      ...(password === undefined ? {} : { password }),
      lazyConnect: true,
      connectTimeout: ctx.timeoutMs,
      commandTimeout: ctx.timeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      connectionName: 'datalyptica-validate',
    });
    // ioredis reports a refused AUTH or handshake command on 'error' and then rejects with a
    // bare "Connection is closed"; keep the first so the FAIL line says why.
    let firstError: unknown;
    client.on('error', (error: unknown) => {
      firstError ??= error;
    });
    const abort = () => client.disconnect();
    ctx.signal.addEventListener('abort', abort, { once: true });
    try {
      await client.connect();
      const pong = await client.ping();
      if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
      return `${describeTarget(probe.endpoint)} answered PONG${password === undefined ? '' : ' after AUTH'}`;
    } catch (error) {
      const reason = firstError !== undefined && /Connection is closed/.test(errorText(error)) ? firstError : error;
      throw new ProbeFailure(`Redis ${describeTarget(probe.endpoint)}: ${errorText(reason)}`, { cause: reason });
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      client.disconnect();
    }
  });
}
