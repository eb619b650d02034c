import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { httpProbe } from '../../../src/cluster/probes/http.ts';
import type { EndpointTls } from '../../../src/model/live-check.ts';
import { CertificateAuthority } from '../../support/certificates.ts';
import { freePort } from '../../support/live-servers.ts';
import { tempDir } from '../../support/temp.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-monitoring';

describe('the HTTP probe against a local server', () => {
  let server: http.Server;
  let port: number;
  const seenHosts: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      seenHosts.push(req.headers.host ?? '');
      if (req.url === '/hub/api/users') {
        if (req.headers.authorization === 'Bearer hub-token') res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
        else res.writeHead(403).end('{"status": 403, "message": "Missing or invalid credentials"}');
      } else if (req.url === '/api/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"database":"ok","version":"12.3.0"}');
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 5000);
      else res.writeHead(503).end('not ready');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const endpoint = { namespace: NS, service: 'grafana', port: 3000 };
  const reach = () => localReach({ [`grafana.${NS}:3000`]: port });

  it('passes on the expected status and body, sending the Service name as Host', async () => {
    const message = await httpProbe({ type: 'http', endpoint, path: '/api/health', expectBody: 'database' }, probeContext({ reach: reach() }));
    assert.match(message, /GET http:\/\/grafana\.datalyptica-monitoring\.svc:3000\/api\/health → 200/);
    assert.equal(seenHosts.at(-1), `grafana.${NS}.svc:3000`);
  });

  it('sends the API token of a Secret as a bearer token, and fails with the server\'s refusal when it is wrong', async () => {
    const probe = { type: 'http' as const, endpoint, path: '/hub/api/users', expectBody: '[', bearer: { namespace: NS, name: 'jupyterhub-validate', key: 'token' } };
    const secrets = (token: string) => ({ [`${NS}/jupyterhub-validate/token`]: token });
    assert.match(await httpProbe(probe, probeContext({ reach: reach(), secrets: secrets('hub-token') })), /→ 200 with "\["/);
    await assert.rejects(httpProbe(probe, probeContext({ reach: reach(), secrets: secrets('not-it') })), /answered 403, expected 200: .*invalid credentials/);
  });

  it('fails on another status, quoting the body', async () => {
    await assert.rejects(httpProbe({ type: 'http', endpoint, path: '/-/ready' }, probeContext({ reach: reach() })), /answered 503, expected 200: not ready/);
  });

  it('fails when the body lacks the expected text', async () => {
    await assert.rejects(httpProbe({ type: 'http', endpoint, path: '/api/health', expectBody: 'defaultBranch' }, probeContext({ reach: reach() })), /lacks "defaultBranch"/);
  });

  it('fails within its budget when the server does not answer', async () => {
    const started = Date.now();
    await assert.rejects(httpProbe({ type: 'http', endpoint, path: '/slow' }, probeContext({ reach: reach(), timeoutMs: 300 })), /no answer within 300 ms|aborted/);
    assert.ok(Date.now() - started < 3000);
  });

  it('fails with connection refused on a closed port', async () => {
    const closed = await freePort();
    await assert.rejects(httpProbe({ type: 'http', endpoint, path: '/', }, probeContext({ reach: localReach({ [`grafana.${NS}:3000`]: closed }), timeoutMs: 2000 })), /ECONNREFUSED/);
  });
});

describe('the HTTP probe against an HTTPS endpoint that names its CA', () => {
  let server: https.Server;
  let port: number;
  let ca: string;
  const seen: { headers: http.IncomingHttpHeaders; servername?: string }[] = [];
  before(async () => {
    const authority = new CertificateAuthority(tempDir('datalyptica-http-tls-'), 'probe-ca');
    ca = authority.cert;
    // Issued for the Service name only: the probe must check that name, not the local address it reaches.
    const leaf = authority.issue('trino', ['DNS:trino.datalyptica-query.svc']);
    server = https.createServer({ key: leaf.key, cert: leaf.cert }, (req, res) => {
      seen.push({ headers: req.headers, servername: (req.socket as TLSSocket).servername || undefined });
      res.writeHead(req.headers['x-trino-user'] === undefined ? 400 : 401).end('Unauthorized');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const reach = () => localReach({ 'trino.datalyptica-query:8443': port });
  const base = { namespace: 'datalyptica-query', service: 'trino', port: 8443 };
  const probe = (tls: EndpointTls) => ({ type: 'http' as const, endpoint: { ...base, tls }, path: '/v1/statement', method: 'POST' as const, body: 'SELECT 1', headers: { 'X-Trino-User': 'datalyptica-check' }, expectStatus: 401 });

  it('verifies the certificate with the CA from a Secret key, under the Service name, and sends the declared headers', async () => {
    const secrets = { 'datalyptica-query/trino-tls/ca.crt': ca };
    const message = await httpProbe(probe({ ca: { secret: { namespace: 'datalyptica-query', name: 'trino-tls', key: 'ca.crt' } } }), probeContext({ reach: reach(), secrets }));
    assert.match(message, /POST https:\/\/trino\.datalyptica-query\.svc:8443\/v1\/statement → 401/);
    assert.equal(seen.at(-1)?.servername, 'trino.datalyptica-query.svc');
    assert.equal(seen.at(-1)?.headers['x-trino-user'], 'datalyptica-check');
  });

  it('reads the CA from a ConfigMap key (OpenShift\'s service CA bundle)', async () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'openshift-service-ca.crt', namespace: 'datalyptica-query' }, data: { 'service-ca.crt': ca } };
    const tls: EndpointTls = { ca: { configMap: { namespace: 'datalyptica-query', name: 'openshift-service-ca.crt', key: 'service-ca.crt' } } };
    assert.match(await httpProbe(probe(tls), probeContext({ reach: reach(), objects: [configMap] })), /→ 401/);
  });

  it('fails on a certificate another CA signed, and names a missing CA ConfigMap key', async () => {
    const other = new CertificateAuthority(tempDir('datalyptica-http-tls-'), 'other-ca').cert;
    const secrets = { 'datalyptica-query/other/ca.crt': other };
    await assert.rejects(httpProbe(probe({ ca: { secret: { namespace: 'datalyptica-query', name: 'other', key: 'ca.crt' } } }), probeContext({ reach: reach(), secrets })), /POST https:\/\/trino\.datalyptica-query\.svc:8443\/v1\/statement: .*(certificate|self-signed|verify)/i);
    const tls: EndpointTls = { ca: { configMap: { namespace: 'datalyptica-query', name: 'openshift-service-ca.crt', key: 'service-ca.crt' } } };
    await assert.rejects(httpProbe(probe(tls), probeContext({ reach: reach() })), /the CA of trino\.datalyptica-query\.svc:8443 is missing: ConfigMap openshift-service-ca\.crt \(datalyptica-query\) has no key service-ca\.crt/);
  });

  it('fails when the certificate is not issued for the name the endpoint declares', async () => {
    const secrets = { 'datalyptica-query/trino-tls/ca.crt': ca };
    const tls: EndpointTls = { ca: { secret: { namespace: 'datalyptica-query', name: 'trino-tls', key: 'ca.crt' } }, serverName: 'elsewhere.datalyptica-query.svc' };
    await assert.rejects(httpProbe(probe(tls), probeContext({ reach: reach(), secrets })), /altnames|not in the cert|does not match/i);
  });
});
