import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { airflowProbe } from '../../../src/cluster/probes/airflow.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-analytics';
const endpoint = { namespace: NS, service: 'airflow-api-server', port: 8080 };
const secret = (key: string) => ({ namespace: NS, name: 'airflow-validate', key });
const probe = { type: 'airflow-api' as const, endpoint, username: secret('username'), password: secret('password') };

/**
 * A stand-in of Airflow 3's API server with only what the probe uses: the FAB auth manager's
 * `POST /auth/token` (JSON name and password → 201 with `access_token`, 401 otherwise) and
 * `GET /api/v2/dags`, which wants that token as a bearer token. A real Airflow needs its metadata
 * database, scheduler and the FAB provider; see docs/operations/testing.md.
 */
describe('the Airflow API probe against a stand-in of the api-server', () => {
  let server: http.Server;
  let port = 0;
  let answerDags: (res: http.ServerResponse) => void = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"dags": [], "total_entries": 3}');
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/auth/token') {
          const login = JSON.parse(body || '{}') as { username?: string; password?: string };
          if (req.headers['content-type'] !== 'application/json') return res.writeHead(422).end('{"detail": "json expected"}');
          if (login.username === 'datalyptica-validate' && login.password === 'right-password') return res.writeHead(201, { 'content-type': 'application/json' }).end('{"access_token": "jwt-1"}');
          return res.writeHead(401, { 'content-type': 'application/json' }).end('{"detail": "Invalid credentials"}');
        }
        if (req.method === 'GET' && req.url === '/api/v2/dags?limit=1') {
          if (req.headers.authorization !== 'Bearer jwt-1') return res.writeHead(401).end('{"detail": "Not authenticated"}');
          return answerDags(res);
        }
        res.writeHead(404).end();
      });
    });
    port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const ctx = (password: string) => probeContext({ reach: localReach({ [`airflow-api-server.${NS}:8080`]: port }), secrets: { [`${NS}/airflow-validate/username`]: 'datalyptica-validate', [`${NS}/airflow-validate/password`]: password } });

  it('takes a token with the validate user\'s name and password and lists DAGs with it', async () => {
    assert.match(await airflowProbe(probe, ctx('right-password')), /took a token from http:\/\/airflow-api-server\.datalyptica-analytics\.svc:8080\/auth\/token as datalyptica-validate and listed DAGs .*\(3 in the metadata database\)/);
  });

  it('fails with the auth manager\'s refusal when the password is wrong', async () => {
    await assert.rejects(airflowProbe(probe, ctx('wrong')), /POST http:\/\/airflow-api-server\.datalyptica-analytics\.svc:8080\/auth\/token answered 401: .*Invalid credentials/);
  });

  it('fails when the DAG list is not Airflow\'s answer', async () => {
    answerDags = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "ok"}');
    await assert.rejects(airflowProbe(probe, ctx('right-password')), /without total_entries/);
  });
});
