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
        const iterator = await client.query(statement);
        for await (const result of iterator) {
          if (result.error !== undefined) throw new Error(`${result.error.errorName ?? 'error'}: ${result.error.message}`);
          rows += result.data?.length ?? 0;
        }
      } catch (error) {
        throw new ProbeFailure(`Trino ${describeTarget(probe.endpoint)} as ${who}: "${statement}" failed: ${errorText(error)}`, { cause: error });
      }
    }
    return `${describeTarget(probe.endpoint)} ran ${probe.statements.length} statement(s) as ${who}, ${rows} row(s) returned`;
  });
}
