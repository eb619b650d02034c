import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpProbe } from '../../../src/cluster/probes/http.ts';
import { freePort } from '../../support/live-servers.ts';
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
