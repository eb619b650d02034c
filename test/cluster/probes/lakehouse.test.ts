import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { runProbe } from '../../../src/cluster/probes/index.ts';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import type { ComponentName } from '../../../src/model/names.ts';
import type { LiveCheck, Probe, SecretKeyRef } from '../../../src/model/live-check.ts';
import { CertificateAuthority } from '../../support/certificates.ts';
import { importRenderedRealm, startKeycloak, type LiveKeycloak, type RealmImportSpec } from '../../support/keycloak-server.ts';
import { startNessie, type LiveNessie } from '../../support/nessie-server.ts';
import { findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { startS3, type LiveS3 } from '../../support/s3-server.ts';
import { tempDir } from '../../support/temp.ts';
import { startTrino, type LiveTrino } from '../../support/trino-server.ts';
import { localReach, probeContext } from './fake-cluster.ts';

/**
 * The default platform's identity, catalog and query checks, as `validate` runs them, against real
 * servers configured from the render: Keycloak holding the rendered realm, Nessie with its rendered
 * properties (OIDC on, Iceberg REST catalog on S3), S3Proxy as the object store, and a Trino
 * coordinator with its rendered OAuth2 settings and Iceberg catalog. Only what names the cluster
 * changes: Service URLs become loopback URLs, `${ENV:…}` and Secrets get the test's values, the
 * version store is in memory, and sizes fit a test machine.
 */
const platform = platformFor();
const checks = collectChecks(platform);
const check = (id: string): LiveCheck => {
  const found = checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`the default platform has no check ${id}`);
  return found;
};
const propertiesOf = (owner: ComponentName, configMap: string, key: string): Record<string, string> =>
  Object.fromEntries(
    String((findObject(objectsOf(platform, owner), 'ConfigMap', configMap).data as Record<string, string>)[key])
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
const realmImport = findObject(objectsOf(platform, 'keycloak'), 'KeycloakRealmImport', 'realm-datalyptica');
const realmSpec = realmImport.spec as unknown as RealmImportSpec & { realm: { realm: string } };
// keycloak.client-credentials now proves the realm with an engine's client; trino-service's own token check
// (trino.token, audience trino) without the Trino call is the realm-side half used here.
const { accepts: _trinoAccepts, ...tokenCheck } = check('trino.token').probe as Extract<Probe, { type: 'oidc' }>;
/** The public URL tokens carry: the Keycloak CR's hostname. */
const HOSTNAME = tokenCheck.issuer.replace(/\/realms\/[^/]+$/, '');
const nessieProperties = propertiesOf('nessie', 'nessie-config', 'application.properties');
// The rendered coordinator serves HTTPS from a platform-issued PEM keystore mounted in the pod; the test's
// Trino serves HTTPS from a test CA's certificate for the Service name instead (its `http-server.https.*`).
const coordinatorProperties = Object.fromEntries(
  Object.entries(propertiesOf('trino', 'trino-coordinator-config', 'config.properties')).filter(
    // The mounted Keycloak CA file is absent here too: the test's Keycloak serves plain HTTP.
    ([key]) => !key.startsWith('http-server.https.') && key !== 'oauth2-jwk.http-client.trust-store-path',
  ),
);
const icebergProperties = propertiesOf('trino', 'trino-catalogs', 'iceberg.properties');
/** The coordinator's rendered access control: catalog rules by realm group, and the group file. */
const coordinatorFiles = findObject(objectsOf(platform, 'trino'), 'ConfigMap', 'trino-coordinator-config').data as Record<string, string>;
const accessControlFiles = Object.fromEntries(['access-control.properties', 'rules.json', 'group-provider.properties', 'groups.txt'].map((name) => [name, coordinatorFiles[name]!]));
/** Where the checks reach Trino: HTTPS on 8443, verified with the CA the platform publishes (a ConfigMap or a Secret key). */
const trinoEndpoint = (check('trino.sql').probe as Extract<Probe, { type: 'trino' }>).endpoint;
const trinoTls = trinoEndpoint.tls!;
const WAREHOUSE = /^s3:\/\/([^/]+)\//.exec(nessieProperties['nessie.catalog.warehouses.warehouse.location']!)![1]!;

/** Rewrites each value: in-cluster URLs to loopback ones, `${ENV:NAME}` to the test's values. */
function localized(properties: Record<string, string>, urls: Record<string, string>, env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => {
      let v = value;
      for (const [from, to] of Object.entries(urls)) v = v.replaceAll(from, to);
      v = v.replace(/\$\{ENV:([A-Z0-9_]+)\}/g, (whole, name: string) => {
        if (env[name] === undefined) throw new Error(`${key} names \${ENV:${name}}, which the test does not provide`);
        return env[name];
      });
      return [key, v];
    }),
  );
}

describe('the identity, catalog and query checks against real Keycloak, Nessie, S3 and Trino configured from the render', () => {
  let s3: LiveS3 | string = 'not started';
  let keycloak: LiveKeycloak | string = 'not started';
  let nessie: LiveNessie | string = 'not started';
  let trino: LiveTrino | string = 'not started';
  /** Client id → secret: what `secrets generate` would have put in each sso-client Secret. */
  const clientSecrets = new Map<string, string>();
  before(async () => {
    s3 = await startS3({ buckets: [WAREHOUSE] });
    if (typeof s3 === 'string') return;
    keycloak = await startKeycloak({ hostname: HOSTNAME });
    if (typeof keycloak === 'string') return;
    for (const [id, secret] of await importRenderedRealm(keycloak, realmSpec)) clientSecrets.set(id, secret);
    const keycloakUrl = `http://127.0.0.1:${keycloak.port}`;
    // Nessie as rendered, but with its version store in memory (no PostgreSQL, no peer cache invalidation).
    // Keycloak's CA (the HTTPS backchannel's trust) is a mounted file in the pod; the test's Keycloak is plain HTTP.
    const nessieSettings = Object.fromEntries(
      Object.entries(nessieProperties).filter(
        ([key]) => !key.startsWith('quarkus.datasource.') && !key.startsWith('nessie.version.store.') && !key.startsWith('quarkus.tls.') && !key.startsWith('quarkus.oidc.tls.'),
      ),
    );
    assert.equal(nessieSettings['quarkus.oidc.tenant-enabled'], 'true', 'the default platform turns Nessie OIDC on');
    const s3Url = nessieProperties['nessie.catalog.service.s3.default-options.endpoint']!;
    nessie = await startNessie({
      properties: {
        ...localized(nessieSettings, { 'http://keycloak-service.datalyptica-iam.svc:8080': keycloakUrl, 'https://keycloak-service.datalyptica-iam.svc:8443': keycloakUrl, [s3Url]: s3.endpoint }, {}),
        // What the rendered Deployment's secretEnv sets from the S3 credentials Secret.
        'nessie-catalog-secrets.s3.default-options.access-key.name': s3.accessKey,
        'nessie-catalog-secrets.s3.default-options.access-key.secret': s3.secretKey,
      },
    });
    if (typeof nessie === 'string') return;
    const urls = { 'http://keycloak-service.datalyptica-iam.svc:8080': keycloakUrl, 'https://keycloak-service.datalyptica-iam.svc:8443': keycloakUrl, 'http://nessie.datalyptica-catalog.svc:19120': `http://127.0.0.1:${nessie.port}`, [s3Url]: s3.endpoint };
    const env = {
      NESSIE_CLIENT_SECRET: clientSecrets.get('trino-nessie')!,
      TRINO_OAUTH2_CLIENT_SECRET: clientSecrets.get('trino')!,
      TRINO_INTERNAL_SHARED_SECRET: randomBytes(32).toString('base64'),
      AWS_ACCESS_KEY_ID: s3.accessKey,
      AWS_SECRET_ACCESS_KEY: s3.secretKey,
    };
    trino = await startTrino({
      config: localized(coordinatorProperties, urls, env),
      catalogs: { iceberg: localized(icebergProperties, urls, env) },
      https: { dnsNames: [trinoTls.serverName!] },
      files: accessControlFiles,
      plugins: ['password-authenticators'],
    });
  });
  after(async () => {
    for (const server of [trino, nessie, keycloak, s3]) if (typeof server !== 'string') await server.stop();
  });

  const skipped = () => [s3, keycloak, nessie, trino].find((s): s is string => typeof s === 'string');
  /** Each client secret under both names the checks use: `sso-client-<id>` (IAM) and the consumer's copy `<id>-client`. */
  const secret = (overrides: Record<string, string>, extra: Record<string, string> = {}) => async (ref: SecretKeyRef) => {
    const named = extra[`${ref.namespace}/${ref.name}/${ref.key}`];
    if (named !== undefined) return named;
    // The CA of Trino's certificate, where cert-manager writes it beside the certificate (Kubernetes).
    const ca = trinoTls.ca !== undefined && 'secret' in trinoTls.ca ? trinoTls.ca.secret : undefined;
    if (ca !== undefined && ref.namespace === ca.namespace && ref.name === ca.name && ref.key === ca.key) return (trino as LiveTrino).https!.ca;
    const client = ref.name.startsWith('sso-client-') ? ref.name.slice('sso-client-'.length) : ref.name.replace(/-client$/, '');
    const value = overrides[client] ?? clientSecrets.get(client);
    if (value === undefined || ref.key !== 'client-secret') throw new Error(`Secret ${ref.name} (${ref.namespace}) has no key ${ref.key}`);
    return value;
  };
  const run = async (probe: Probe, overrides: Record<string, string> = {}, extra: Record<string, string> = {}) => {
    const [k, n, t] = [keycloak, nessie, trino] as [LiveKeycloak, LiveNessie, LiveTrino];
    const reach = localReach({
      'keycloak-service.datalyptica-iam:8080': k.port,
      'nessie.datalyptica-catalog:19120': n.port,
      'nessie-mgmt.datalyptica-catalog:9000': n.managementPort,
      'trino.datalyptica-query:8080': t.port,
      'trino.datalyptica-query:8443': t.https!.port,
    });
    // The CA of Trino's certificate, where OpenShift's service CA publishes it (a ConfigMap in every namespace).
    const caMap = trinoTls.ca !== undefined && 'configMap' in trinoTls.ca ? trinoTls.ca.configMap : undefined;
    const objects = caMap === undefined ? [] : [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: caMap.name, namespace: caMap.namespace }, data: { [caMap.key]: t.https!.ca } }];
    return runProbe(probe, { ...probeContext({ reach, objects, timeoutMs: 120_000 }), secret: secret(overrides, extra) });
  };

  it('keycloak.client-credentials: the realm issues trino-service a token with the public issuer and the trino audience', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(tokenCheck), new RegExp(`issuer ${HOSTNAME}/realms/datalyptica; token for trino-service verified against the realm keys`));
  });

  it('trino.nessie-token: Nessie accepts the token Trino\'s Nessie client obtains', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('trino.nessie-token').probe), /nessie\.datalyptica-catalog\.svc:19120\/api\/v2\/config → 200/);
  });

  it('nessie.api-authenticated and nessie.health: no token is refused; the management port reports ready', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('nessie.api-authenticated').probe), /\/api\/v2\/config → 401/);
    assert.match(await run(check('nessie.health').probe), /\/q\/health\/ready → 200/);
  });

  it('the rendered coordinator authenticates on HTTPS only: allow-insecure-over-http is false and 8443 has a certificate for the Service name', () => {
    assert.match(accessControlFiles['groups.txt']!, /^engineers:.*service-account-trino-service/m, 'the checks\' service user writes Iceberg tables as an engineer');
    assert.doesNotMatch(accessControlFiles['groups.txt']!, /service-account-trino-metrics/, 'the scrape client is in no group');
    assert.equal(coordinatorProperties['http-server.authentication.allow-insecure-over-http'], 'false');
    assert.equal(coordinatorProperties['http-server.authentication.type'], 'oauth2');
    assert.deepEqual({ port: trinoEndpoint.port, serverName: trinoTls.serverName }, { port: 8443, serverName: 'trino.datalyptica-query.svc' });
    assert.ok(trinoTls.ca !== undefined, 'the checks verify Trino\'s certificate with the platform\'s CA');
  });

  it('trino.token: Trino accepts the realm token of its service client over HTTPS', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('trino.token').probe), /https:\/\/trino\.datalyptica-query\.svc:8443\/v1\/query → 200/);
  });

  it('trino.sql and trino.iceberg with the service client\'s token: the rendered Iceberg catalog creates, writes, reads and drops a table through Nessie on S3', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('trino.sql').probe), /:8443 ran 1 statement\(s\) as trino-service, 1 row\(s\) returned/);
    assert.match(await run(check('trino.iceberg').probe), /:8443 ran 6 statement\(s\) as trino-service, 2 row\(s\) returned/);
  });

  it('Trino refuses a query without a token (401), even with an X-Trino-User header (trino.unauthenticated)', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    const { token: _token, ...anonymous } = check('trino.sql').probe as Extract<Probe, { type: 'trino' }>;
    await assert.rejects(run(anonymous), /as datalyptica-check: "SELECT 1" failed: .*401/);
    assert.match(await run(check('trino.unauthenticated').probe), /POST https:\/\/trino\.datalyptica-query\.svc:8443\/v1\/statement → 401/);
  });

  it('trino.http-internal-only: the plain-HTTP port refuses a client naming a user (403), and a bearer token too', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('trino.http-internal-only').probe), /POST http:\/\/trino\.datalyptica-query\.svc:8080\/v1\/statement → 403/);
    const plain = { namespace: trinoEndpoint.namespace, service: trinoEndpoint.service, port: 8080 };
    const { accepts: _accepts, ...token } = check('trino.token').probe as Extract<Probe, { type: 'oidc' }>;
    assert.match(await run({ ...token, accepts: [{ endpoint: plain, path: '/v1/query', expectStatus: 403 }] }), /http:\/\/trino\.datalyptica-query\.svc:8080\/v1\/query → 403/);
  });

  it('a certificate from another CA fails the check: the probes verify Trino\'s certificate', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    const other = new CertificateAuthority(tempDir('datalyptica-other-ca-'), 'other').cert;
    const probe = { ...(check('trino.sql').probe as Extract<Probe, { type: 'trino' }>), endpoint: { ...trinoEndpoint, tls: { ...trinoTls, ca: { secret: { namespace: 'elsewhere', name: 'other-ca', key: 'ca.crt' } } } } };
    await assert.rejects(run(probe, {}, { 'elsewhere/other-ca/ca.crt': other }), /"SELECT 1" failed: .*(self-signed|unable to verify|certificate)/i);
  });

  it('Prometheus\'s scrape client (trino-metrics, in no group) reads /metrics on 8443 with its token under the rendered access rules, as the ServiceMonitor\'s oauth2 does', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    const monitor = findObject(objectsOf(platform, 'trino'), 'ServiceMonitor', 'trino');
    const endpoint = (monitor.spec as { endpoints: { port: string; scheme: string; oauth2: { clientSecret: { name: string } } }[] }).endpoints[0]!;
    assert.deepEqual([endpoint.port, endpoint.scheme, endpoint.oauth2.clientSecret.name], ['https', 'https', 'trino-metrics-client']);
    const { accepts: _accepts, ...token } = check('trino.token').probe as Extract<Probe, { type: 'oidc' }>;
    const probe = { ...token, credentials: { ...token.credentials, clientId: 'trino-metrics', clientSecret: { ...token.credentials.clientSecret, name: 'trino-metrics-client' } }, accepts: [{ endpoint: trinoEndpoint, path: '/metrics' }] };
    assert.match(await run(probe), /token for trino-metrics verified.*:8443\/metrics → 200/);
    // The same token reaches no data catalog: the rules give a user in no group the `system` catalog only.
    const sql = check('trino.sql').probe as Extract<Probe, { type: 'trino' }>;
    const asScraper = { ...sql, token: probe.credentials, statements: ['SHOW SCHEMAS FROM iceberg'] };
    await assert.rejects(run(asScraper), /as trino-metrics: "SHOW SCHEMAS FROM iceberg" failed: .*(CATALOG_NOT_FOUND|Access Denied)/);
  });

  it('fails naming the client when the Secret holds the wrong client secret', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    await assert.rejects(run(check('trino.nessie-token').probe, { 'trino-nessie': 'not-the-secret' }), /token endpoint for client trino-nessie answered 401/);
  });

  it('fails when Nessie is offered a token without its audience (trino-service\'s)', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    const probe = { ...tokenCheck, accepts: (check('trino.nessie-token').probe as Extract<Probe, { type: 'oidc' }>).accepts };
    await assert.rejects(run(probe), /with trino-service's token answered 401, expected 200/);
  });
});
