import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { after, describe, it } from 'node:test';
import { supersetProbe } from '../../../src/cluster/probes/superset.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-analytics';
const endpoint = { namespace: NS, service: 'superset', port: 8088 };
const secret = (key: string) => ({ namespace: NS, name: 'superset-admin', key });
const probe = { type: 'superset-sql' as const, endpoint, username: secret('username'), password: secret('password'), database: 'Trino', sql: 'SELECT 1' };
const secrets = { [`${NS}/superset-admin/username`]: 'admin', [`${NS}/superset-admin/password`]: 's3cret-pass' };

/**
 * A stand-in for Superset's REST API, implementing only the contract the probe relies on:
 * `POST /api/v1/security/login` (db provider) → JWT; `GET /api/v1/security/csrf_token/` → a token
 * bound to a session cookie; `GET /api/v1/database/` → the registered databases;
 * `POST /api/v1/sqllab/execute/` → refuses without bearer, CSRF token of the same session or Referer
 * (as Flask-WTF does), else runs the statement through `run` and answers like a synchronous run.
 */
function supersetStandIn(options: { run?: (sql: string, databaseId: number) => { status: string; data: Record<string, unknown>[]; error?: string }; databases?: { id: number; database_name: string }[] } = {}) {
  const token = randomUUID();
  const sessions = new Map<string, string>();
  const executed: { databaseId: number; sql: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/api/v1/security/login') {
        if (body['provider'] !== 'db' || body['username'] !== 'admin' || body['password'] !== 's3cret-pass') return send(401, { message: 'Not authorized' });
        return send(200, { access_token: token });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { msg: 'Missing Authorization Header' });
      if (req.method === 'GET' && url.pathname === '/api/v1/security/csrf_token/') {
        const session = randomUUID();
        const csrf = randomUUID();
        sessions.set(session, csrf);
        return send(200, { result: csrf }, { 'set-cookie': `session=${session}; HttpOnly; Path=/` });
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/database/') {
        return send(200, { count: 2, result: options.databases ?? [{ id: 1, database_name: 'ClickHouse' }, { id: 7, database_name: 'Trino' }] });
      }
      if (req.method === 'POST' && url.pathname === '/api/v1/sqllab/execute/') {
        const session = /session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
        if (session === undefined || sessions.get(session) !== req.headers['x-csrftoken']) return send(400, { errors: [{ message: '400 Bad Request: The CSRF token is missing.' }] });
        if (req.headers.referer === undefined) return send(400, { errors: [{ message: '400 Bad Request: The referrer header is missing.' }] });
        const databaseId = body['database_id'] as number;
        const sql = body['sql'] as string;
        executed.push({ databaseId, sql });
        const result: { status: string; data: Record<string, unknown>[]; error?: string } = (options.run ?? (() => ({ status: 'success', data: [{ _col0: 1 }] })))(sql, databaseId);
        return send(200, { query_id: 1, status: result.status, data: result.data, columns: [{ column_name: '_col0' }], query: { errorMessage: result.error ?? null } });
      }
      send(404, { message: 'Not found' });
    });
  });
  return { server, executed };
}

describe('the Superset SQL Lab probe against a stand-in of Superset\'s REST API', () => {
  const servers: http.Server[] = [];
  const start = async (options: Parameters<typeof supersetStandIn>[0] = {}) => {
    const fake = supersetStandIn(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(fake.server);
    return { ...fake, reach: localReach({ [`superset.${NS}:8088`]: (fake.server.address() as net.AddressInfo).port }) };
  };
  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('logs in, takes a CSRF token in the same session and runs SELECT 1 on the Trino database by its id', async () => {
    const fake = await start();
    const message = await supersetProbe(probe, probeContext({ reach: fake.reach, secrets }));
    assert.deepEqual(fake.executed, [{ databaseId: 7, sql: 'SELECT 1' }]);
    assert.match(message, /ran "SELECT 1" on database Trino \(id 7\) through SQL Lab: \{"_col0":1\}/);
  });

  it('fails with the API\'s answer when the login is refused', async () => {
    const fake = await start();
    await assert.rejects(supersetProbe(probe, probeContext({ reach: fake.reach, secrets: { ...secrets, [`${NS}/superset-admin/password`]: 'wrong' } })), /POST http:\/\/superset\.datalyptica-analytics\.svc:8088\/api\/v1\/security\/login answered 401/);
    assert.equal(fake.executed.length, 0);
  });

  it('fails naming the databases Superset has when Trino is not registered', async () => {
    const fake = await start({ databases: [{ id: 1, database_name: 'ClickHouse' }] });
    await assert.rejects(supersetProbe(probe, probeContext({ reach: fake.reach, secrets })), /no database named Trino \(it has: ClickHouse\)/);
  });

  it('fails with the query\'s error when Trino refuses it', async () => {
    const fake = await start({ run: () => ({ status: 'failed', data: [], error: 'trino error: Authentication failed: Unauthorized' }) });
    await assert.rejects(supersetProbe(probe, probeContext({ reach: fake.reach, secrets })), /status failed: trino error: Authentication failed/);
  });

  it('fails when the query succeeds without a row', async () => {
    const fake = await start({ run: () => ({ status: 'success', data: [] }) });
    await assert.rejects(supersetProbe(probe, probeContext({ reach: fake.reach, secrets })), /got no row/);
  });
});
