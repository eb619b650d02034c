import { BasicAuth, Trino } from 'trino-client';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext } from './context.ts';
import { clientCredentialsToken } from './oidc.ts';
import { endpointTrust, tlsOptions } from './tls.ts';

type TrinoProbe = Extract<Probe, { type: 'trino' }>;

/**
 * Runs the statements in order through the coordinator's REST protocol (`SELECT 1`, or the
 * Iceberg round trip create/insert/select/drop); the first error fails the check.
 * @see https://trino.io/docs/current/develop/client-protocol.html
 */
export async function trinoProbe(probe: TrinoProbe, ctx: ProbeContext): Promise<string> {
  // With OAuth2 on, Trino takes the realm's access token as a bearer token and derives the user from it.
  const token = probe.token === undefined ? undefined : (await clientCredentialsToken(probe.token, ctx)).accessToken;
  const who = token === undefined ? probe.user : probe.token!.clientId;
  // HTTPS when the endpoint serves it (Trino takes credentials only there), verified with its CA
  // under the Service's name: the local port-forward address is not the certificate's name.
  const trust = await endpointTrust(probe.endpoint, ctx);
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    const client = Trino.create({
      server: `${trust === undefined ? 'http' : 'https'}://${host}:${port}`,
      source: 'datalyptica-validate',
      ...(trust === undefined ? {} : { ssl: tlsOptions(trust) }),
      ...(token === undefined ? { auth: new BasicAuth(probe.user) } : { extraHeaders: { Authorization: `Bearer ${token}` } }),
    });
    let rows = 0;
    for (const statement of probe.statements) {
      if (ctx.signal.aborted) throw new ProbeFailure(`Trino ${describeTarget(probe.endpoint)}: timed out before "${statement}"`);
      try {
        rows += await runUntilScheduled(() => runStatement(client, statement), ctx.signal);
      } catch (error) {
        throw new ProbeFailure(`Trino ${describeTarget(probe.endpoint)} as ${who}: "${statement}" failed: ${errorText(error)}`, { cause: error });
      }
    }
    return `${describeTarget(probe.endpoint)} ran ${probe.statements.length} statement(s) as ${who}, ${rows} row(s) returned`;
  });
}

/** A statement Trino refused with one of its error names (`errorName` of the client protocol's error). */
export class TrinoQueryError extends Error {
  constructor(readonly errorName: string, message: string) {
    super(`${errorName}: ${message}`);
    this.name = 'TrinoQueryError';
  }
}

/** Runs one statement to its end; returns the rows it returned. */
async function runStatement(client: Trino, statement: string): Promise<number> {
  let rows = 0;
  const iterator = await client.query(statement);
  for await (const result of iterator) {
    if (result.error !== undefined) throw new TrinoQueryError(result.error.errorName ?? 'error', result.error.message);
    rows += result.data?.length ?? 0;
  }
  return rows;
}

/**
 * Errors a coordinator gives while its workers are not (or no longer, for a moment) registered:
 * right after a rollout, or when a node's discovery announcement lapsed on a loaded machine. Trino
 * fails such a query while scheduling, before any split runs, so running it again is safe.
 * @see https://trino.io/docs/current/admin/properties-node-scheduler.html
 */
const TRANSIENT_ERRORS = new Set(['NO_NODES_AVAILABLE', 'SERVER_STARTING_UP'] as const);

/** Waits between attempts at a statement refused for a transient reason, doubling up to this. */
const MAX_RETRY_DELAY_MS = 4000;

/**
 * Runs `attempt` again, with growing pauses, while Trino refuses it for a transient reason and the
 * check has time left; any other error, or the last transient one once time is up, is thrown.
 */
export async function runUntilScheduled<T>(attempt: () => Promise<T>, signal: AbortSignal, firstDelayMs = 250): Promise<T> {
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return await attempt();
    } catch (error) {
      const transient = error instanceof TrinoQueryError && (TRANSIENT_ERRORS as ReadonlySet<string>).has(error.errorName);
      if (!transient || signal.aborted || !(await pause(delay, signal))) throw error;
    }
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (waited: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(waited);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
