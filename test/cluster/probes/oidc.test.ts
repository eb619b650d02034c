import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { httpProbe } from '../../../src/cluster/probes/http.ts';
import { oidcProbe } from '../../../src/cluster/probes/oidc.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const IAM = 'datalyptica-iam';
const CATALOG = 'datalyptica-catalog';
/** What tokens carry: the public URL, as Keycloak's hostname settings make it. */
const ISSUER = 'https://keycloak.apps.example.com/realms/datalyptica';
/** What discovery names on the backchannel: the in-cluster Service. */
const INTERNAL = `http://keycloak-service.${IAM}.svc:8080/realms/datalyptica`;
const CLIENT = { id: 'trino-nessie', secret: 's3cr3t-value-for-the-test' };

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
  });
}

/**
 * A minimal OpenID Connect issuer: discovery, a client credentials token endpoint that signs real
 * RS256 JWTs, and the key set. A second server plays a resource server (Nessie): it accepts only
 * tokens that verify against the issuer's keys with the `nessie` audience.
 */
describe('the OIDC probe against a minimal issuer on loopback that signs real JWTs', () => {
  let issuer: http.Server;
  let resource: http.Server;
  let issuerPort: number;
  let resourcePort: number;
  let jwks: JSONWebKeySet;
  let discoveredIssuer = ISSUER;
  let audience = 'nessie';
  before(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    issuer = http.createServer(async (req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && req.url === '/realms/datalyptica/.well-known/openid-configuration') {
        return json(200, { issuer: discoveredIssuer, token_endpoint: `${INTERNAL}/protocol/openid-connect/token`, jwks_uri: `${INTERNAL}/protocol/openid-connect/certs` });
      }
      if (req.method === 'GET' && req.url === '/realms/datalyptica/protocol/openid-connect/certs') return json(200, jwks);
      if (req.method === 'POST' && req.url === '/realms/datalyptica/protocol/openid-connect/token') {
        const form = new URLSearchParams(await readBody(req));
        if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
        if (form.get('client_id') !== CLIENT.id || form.get('client_secret') !== CLIENT.secret) return json(401, { error: 'unauthorized_client' });
        const token = await new SignJWT({ azp: CLIENT.id, preferred_username: `service-account-${CLIENT.id}` })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(ISSUER)
          .setAudience(audience)
          .setSubject('0b6f0c1e')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
        return json(200, { access_token: token, token_type: 'Bearer', expires_in: 300 });
      }
      json(404, { error: 'not found' });
    });
    resource = http.createServer(async (req, res) => {
      const header = req.headers.authorization ?? '';
      if (!header.startsWith('Bearer ')) return res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      try {
        await jwtVerify(header.slice(7), createLocalJWKSet(jwks), { issuer: ISSUER, audience: 'nessie' });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"defaultBranch":"main"}');
      } catch {
        res.writeHead(401).end();
      }
    });
    issuerPort = await listen(issuer);
    resourcePort = await listen(resource);
  });
  after(() => {
    for (const server of [issuer, resource]) {
      server.closeAllConnections();
      server.close();
    }
  });

  const reach = () => localReach({ [`keycloak-service.${IAM}:8080`]: issuerPort, [`nessie.${CATALOG}:19120`]: resourcePort });
  const secrets = { [`${IAM}/sso-client-trino-nessie/client-secret`]: CLIENT.secret, [`${IAM}/wrong/client-secret`]: 'not-the-secret' };
  const probe = (overrides: Partial<Extract<Probe, { type: 'oidc' }>> = {}, secretName = 'sso-client-trino-nessie'): Extract<Probe, { type: 'oidc' }> => ({
    type: 'oidc',
    credentials: { endpoint: { namespace: IAM, service: 'keycloak-service', port: 8080 }, realmPath: '/realms/datalyptica', clientId: CLIENT.id, clientSecret: { namespace: IAM, name: secretName, key: 'client-secret' } },
    issuer: ISSUER,
    audience: 'nessie',
    accepts: [{ endpoint: { namespace: CATALOG, service: 'nessie', port: 19120 }, path: '/api/v2/config' }],
    ...overrides,
  });

  it('passes when discovery names the issuer, the client credentials token verifies and the service accepts it', async () => {
    const message = await oidcProbe(probe(), probeContext({ reach: reach(), secrets }));
    assert.match(message, /token for trino-nessie verified against the realm keys/);
    assert.match(message, /nessie\.datalyptica-catalog\.svc:19120\/api\/v2\/config → 200/);
  });

  it('fails when the realm refuses the client secret', async () => {
    await assert.rejects(oidcProbe(probe({}, 'wrong'), probeContext({ reach: reach(), secrets })), /token endpoint for client trino-nessie answered 401/);
  });

  it('fails when the discovery document names another issuer', async () => {
    discoveredIssuer = 'https://elsewhere.example.com/realms/datalyptica';
    try {
      await assert.rejects(oidcProbe(probe(), probeContext({ reach: reach(), secrets })), /names issuer https:\/\/elsewhere/);
    } finally {
      discoveredIssuer = ISSUER;
    }
  });

  it('fails when the token lacks the audience the service needs, and the service refuses it too', async () => {
    audience = 'account';
    try {
      await assert.rejects(oidcProbe(probe(), probeContext({ reach: reach(), secrets })), /does not verify: .*aud/);
      await assert.rejects(oidcProbe(probe({ audience: 'account' }), probeContext({ reach: reach(), secrets })), /answered 401, expected 200/);
    } finally {
      audience = 'nessie';
    }
  });

  it('proves a wired service rejects a request without a token (the HTTP probe expecting 401)', async () => {
    const message = await httpProbe({ type: 'http', endpoint: { namespace: CATALOG, service: 'nessie', port: 19120 }, path: '/api/v2/config', expectStatus: 401 }, probeContext({ reach: reach() }));
    assert.match(message, /GET .*\/api\/v2\/config → 401/);
    const post = await httpProbe({ type: 'http', endpoint: { namespace: CATALOG, service: 'nessie', port: 19120 }, path: '/v1/statement', method: 'POST', body: 'SELECT 1', expectStatus: 401 }, probeContext({ reach: reach() }));
    assert.match(post, /^POST /);
  });

  it('fails the unauthenticated check when a service answers without a token', async () => {
    await assert.rejects(
      httpProbe({ type: 'http', endpoint: { namespace: IAM, service: 'keycloak-service', port: 8080 }, path: '/realms/datalyptica/protocol/openid-connect/certs', expectStatus: 401 }, probeContext({ reach: reach() })),
      /answered 200, expected 401/,
    );
  });
});
