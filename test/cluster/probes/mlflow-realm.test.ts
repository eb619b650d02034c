import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { runProbe } from '../../../src/cluster/probes/index.ts';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { importRenderedRealm, startKeycloak, type LiveKeycloak, type RealmImportSpec } from '../../support/keycloak-server.ts';
import { startMlflow, type LiveMlflow } from '../../support/live-mlflow.ts';
import { findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { localReach, probeContext } from './fake-cluster.ts';

/**
 * The default platform's MLflow data-path check (identity tier on) against a real Keycloak holding
 * the rendered realm and a real MLflow tracking server (the plain app the platform runs behind
 * oauth2-proxy). oauth2-proxy itself is a Go binary not available here: a stand-in on loopback
 * admits a bearer token exactly as the rendered proxy container is configured to
 * (`OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS`: signature from the realm's keys, issuer
 * `OAUTH2_PROXY_OIDC_ISSUER_URL`, audience `OAUTH2_PROXY_CLIENT_ID`, client role from
 * `OAUTH2_PROXY_ALLOWED_ROLES`) and forwards to MLflow. See docs/operations/testing.md.
 */
const platform = platformFor();
const checks = collectChecks(platform);
const artifactCheck = checks.find((c) => c.id === 'mlflow.artifact');
const probe = artifactCheck?.probe as Extract<Probe, { type: 'mlflow-artifact'; token: unknown }>;
const realmSpec = findObject(objectsOf(platform, 'keycloak'), 'KeycloakRealmImport', 'realm-datalyptica').spec as unknown as RealmImportSpec;
const deployment = findObject(objectsOf(platform, 'mlflow'), 'Deployment', 'mlflow') as unknown as { spec: { template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } } };
const proxyEnv = Object.fromEntries(
  (deployment.spec.template.spec.containers.find((c) => c.name === 'oauth2-proxy')?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]),
);
const ISSUER = proxyEnv['OAUTH2_PROXY_OIDC_ISSUER_URL']!;
const HOSTNAME = ISSUER.replace(/\/realms\/[^/]+$/, '');
const NS = probe.endpoint.namespace;

/** The oauth2-proxy stand-in: bearer tokens only, checked as the rendered flags say, then proxied to MLflow. */
function proxyStandIn(keycloakPort: number, mlflowPort: number): http.Server {
  const keys = createRemoteJWKSet(new URL(`http://127.0.0.1:${keycloakPort}${new URL(ISSUER).pathname}/protocol/openid-connect/certs`));
  const [roleClient, role] = proxyEnv['OAUTH2_PROXY_ALLOWED_ROLES']!.split(':') as [string, string];
  return http.createServer(async (req, res) => {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return res.writeHead(401).end('no bearer token');
    try {
      const { payload } = await jwtVerify(header.slice(7), keys, { issuer: ISSUER, audience: proxyEnv['OAUTH2_PROXY_CLIENT_ID']! });
      const roles = ((payload['resource_access'] as Record<string, { roles?: string[] }> | undefined)?.[roleClient]?.roles ?? []);
      if (!roles.includes(role)) return res.writeHead(403).end(`the token lacks role ${roleClient}:${role}`);
    } catch (error) {
      return res.writeHead(403).end(`token refused: ${(error as Error).message}`);
    }
    // OAUTH2_PROXY_PASS_HOST_HEADER=false: the upstream sees its own address as Host.
    const upstream = http.request({ host: '127.0.0.1', port: mlflowPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${mlflowPort}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.writeHead(502).end(error.message));
    req.pipe(upstream);
  });
}

describe('the MLflow artifact check behind the realm against a real Keycloak and a real MLflow server', () => {
  let keycloak: LiveKeycloak | string = 'not started';
  let mlflow: LiveMlflow | { skip: string } = { skip: 'not started' };
  let proxy: http.Server | undefined;
  let proxyPort = 0;
  const clientSecrets = new Map<string, string>();
  before(async () => {
    mlflow = await startMlflow({ allowedHosts: 'localhost,localhost:*,127.0.0.1:*', auth: 'none' });
    if ('skip' in mlflow) return;
    keycloak = await startKeycloak({ hostname: HOSTNAME });
    if (typeof keycloak === 'string') return;
    for (const [id, secret] of await importRenderedRealm(keycloak, realmSpec)) clientSecrets.set(id, secret);
    proxy = proxyStandIn(keycloak.port, mlflow.port);
    proxyPort = await new Promise<number>((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve((proxy!.address() as net.AddressInfo).port)));
  });
  after(async () => {
    proxy?.closeAllConnections();
    proxy?.close();
    if (typeof keycloak !== 'string') await keycloak.stop();
    if (!('skip' in mlflow)) await mlflow.stop();
  });

  const skipped = (t: { skip: (reason: string) => void }): boolean => {
    const reason = 'skip' in mlflow ? mlflow.skip : typeof keycloak === 'string' ? keycloak : undefined;
    if (reason !== undefined) t.skip(reason);
    return reason !== undefined;
  };
  const context = (clientId: string) =>
    probeContext({
      reach: localReach({ [`${probe.token.endpoint.service}.${probe.token.endpoint.namespace}:${probe.token.endpoint.port}`]: (keycloak as LiveKeycloak).port, [`mlflow.${NS}:${probe.endpoint.port}`]: proxyPort }),
      secrets: { [`${NS}/mlflow-validate-client/client-secret`]: clientSecrets.get(clientId)! },
      timeoutMs: 60_000,
    });

  it('renders the check with a realm token of the mlflow-validate client', () => {
    assert.equal(probe.token.clientId, 'mlflow-validate');
    assert.equal(proxyEnv['OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS'], 'true');
  });

  it('obtains a token of mlflow-validate that the proxy admits, logs a run and reads its artifact back', async (t) => {
    if (skipped(t)) return;
    const message = await runProbe(probe, context('mlflow-validate'));
    assert.match(message, /created run [0-9a-f]{32} in experiment datalyptica-validate .* with a realm token of mlflow-validate, uploaded an artifact/);
  });

  it('is refused by the proxy with a token of a client that lacks MLflow\'s user role', async (t) => {
    if (skipped(t)) return;
    // trino-service's secret under the check's Secret name: its token has neither the mlflow audience nor the role.
    await assert.rejects(runProbe({ ...probe, token: { ...probe.token, clientId: 'trino-service' } }, context('trino-service')), /answered 403/);
  });
});
