import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, withReach, type ProbeContext, type Reached } from './context.ts';
import { httpRequest } from './http.ts';

type OidcClientProbe = Extract<Probe, { type: 'oidc-client' }>;

/** The `error` code of an OAuth 2.0 error answer, or '' for any other body. */
function oauthError(body: string): string {
  try {
    return String((JSON.parse(body) as { error?: unknown }).error ?? '');
  } catch {
    return '';
  }
}

/**
 * Asks the realm's token endpoint for a client credentials token as the client: a token, or the
 * refusal `unauthorized_client` (a browser or public client may not use that grant), proves the
 * client exists with that secret; `invalid_client` means it is missing or its secret differs.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export async function oidcClientProbe(probe: OidcClientProbe, ctx: ProbeContext): Promise<string> {
  const secret = probe.clientSecret ? await ctx.secret(probe.clientSecret) : undefined;
  const hostHeader = describeTarget(probe.endpoint);
  const path = `${probe.realmPath}/protocol/openid-connect/token`;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: probe.clientId, ...(secret === undefined ? {} : { client_secret: secret }) }).toString();
  const answer = await withReach(ctx, probe.endpoint, ({ host, port }: Reached) =>
    httpRequest({ host, port, path, hostHeader, tls: false, signal: ctx.signal, timeoutMs: ctx.timeoutMs, method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  );
  if (answer.status === 200) return `client ${probe.clientId} exists in ${probe.realmPath} and obtains tokens`;
  const error = oauthError(answer.body);
  if (error === 'unauthorized_client') return `client ${probe.clientId} exists in ${probe.realmPath}${secret === undefined ? '' : ' and its secret matches'} (client credentials is not its grant)`;
  if (error === 'invalid_client') {
    throw new ProbeFailure(
      `the realm ${probe.realmPath} does not know client ${probe.clientId}${secret === undefined ? '' : ' with the secret its component holds'}: the realm import only creates a realm, so a component enabled later needs its client added (see docs/components/keycloak.md, "Clients added after the first import")`,
    );
  }
  throw new ProbeFailure(`the token endpoint ${hostHeader}${path} answered ${answer.status} for client ${probe.clientId}: ${answer.body.slice(0, 200).trim()}`);
}
