import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { OidcClientCredentials, Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext, type Reached } from './context.ts';
import { httpRequest, type HttpAnswer } from './http.ts';
import { endpointTrust } from './tls.ts';

type OidcProbe = Extract<Probe, { type: 'oidc' }>;

/** What the realm publishes that the probe uses. */
interface Discovery {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
}

/** A token the realm issued and the keys to check it with. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly discovery: Discovery;
  readonly keys: JSONWebKeySet;
}

function parse<T>(answer: HttpAnswer, what: string): T {
  if (answer.status !== 200) throw new ProbeFailure(`${what} answered ${answer.status}: ${answer.body.slice(0, 200).trim()}`);
  try {
    return JSON.parse(answer.body) as T;
  } catch (error) {
    throw new ProbeFailure(`${what} is not JSON: ${errorText(error)}`, { cause: error });
  }
}

/**
 * The path of an endpoint URL the discovery document names. The probe reaches the realm through
 * its Service, so only the path matters (Keycloak answers backchannel URLs on the internal host).
 */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * Discovery, then the client credentials grant (`client_secret_post`), then the realm's key set,
 * over one reach of the identity provider's Service.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function clientCredentialsToken(credentials: OidcClientCredentials, ctx: ProbeContext): Promise<IssuedToken> {
  const secret = await ctx.secret(credentials.clientSecret);
  const hostHeader = describeTarget(credentials.endpoint);
  return withReach(ctx, credentials.endpoint, async ({ host, port }: Reached) => {
    const request = (path: string, method: 'GET' | 'POST', body?: string) =>
      httpRequest({
        host,
        port,
        path,
        hostHeader,
        tls: false,
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
        method,
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      });
    const discoveryPath = `${credentials.realmPath}/.well-known/openid-configuration`;
    const discovery = parse<Discovery>(await request(discoveryPath, 'GET'), `GET http://${hostHeader}${discoveryPath}`);
    if (typeof discovery.token_endpoint !== 'string' || typeof discovery.jwks_uri !== 'string') throw new ProbeFailure(`the discovery document of ${credentials.realmPath} names no token endpoint or key set`);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: secret }).toString();
    const token = parse<{ access_token?: string }>(await request(pathOf(discovery.token_endpoint), 'POST', form), `the token endpoint for client ${credentials.clientId}`);
    if (typeof token.access_token !== 'string') throw new ProbeFailure(`the token endpoint issued no access token to ${credentials.clientId}`);
    const keys = parse<JSONWebKeySet>(await request(pathOf(discovery.jwks_uri), 'GET'), 'the realm key set');
    return { accessToken: token.access_token, discovery, keys };
  });
}

/**
 * Discovery names the expected issuer; a client credentials token verifies against the realm's
 * keys with that issuer (and audience); each service in `accepts` answers the token as expected.
 */
export async function oidcProbe(probe: OidcProbe, ctx: ProbeContext): Promise<string> {
  let issued: IssuedToken;
  try {
    issued = await clientCredentialsToken(probe.credentials, ctx);
  } catch (error) {
    if (error instanceof ProbeFailure) throw error;
    throw new ProbeFailure(`realm ${probe.credentials.realmPath} on ${describeTarget(probe.credentials.endpoint)}: ${errorText(error)}`, { cause: error });
  }
  if (issued.discovery.issuer !== probe.issuer) throw new ProbeFailure(`the discovery document names issuer ${issued.discovery.issuer}, expected ${probe.issuer}`);
  try {
    await jwtVerify(issued.accessToken, createLocalJWKSet(issued.keys), { issuer: probe.issuer, ...(probe.audience === undefined ? {} : { audience: probe.audience }) });
  } catch (error) {
    throw new ProbeFailure(`the token issued to ${probe.credentials.clientId} does not verify: ${errorText(error)}`, { cause: error });
  }
  const accepted: string[] = [];
  for (const target of probe.accepts ?? []) {
    const expected = target.expectStatus ?? 200;
    const trust = await endpointTrust(target.endpoint, ctx);
    const where = `${trust === undefined ? 'http' : 'https'}://${describeTarget(target.endpoint)}${target.path}`;
    const answer = await withReach(ctx, target.endpoint, ({ host, port }) =>
      httpRequest({
        host,
        port,
        path: target.path,
        hostHeader: describeTarget(target.endpoint),
        tls: trust !== undefined,
        ...(trust === undefined ? {} : { trust }),
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
        method: 'GET',
        headers: { authorization: `Bearer ${issued.accessToken}` },
      }),
    ).catch((error: unknown) => {
      throw new ProbeFailure(`GET ${where} with the token: ${errorText(error)}`, { cause: error });
    });
    if (answer.status !== expected) throw new ProbeFailure(`GET ${where} with ${probe.credentials.clientId}'s token answered ${answer.status}, expected ${expected}: ${answer.body.slice(0, 200).trim()}`);
    accepted.push(`${where} → ${answer.status}`);
  }
  return [`issuer ${probe.issuer}`, `token for ${probe.credentials.clientId} verified against the realm keys`, ...accepted].join('; ');
}
