import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresProbe } from '../../../src/cluster/probes/postgres.ts';
import { redisProbe } from '../../../src/cluster/probes/redis.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { freePort, startPostgres, startRedis, type LivePostgres, type LiveRedis } from '../../support/live-servers.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-catalog';
const endpoint = { namespace: NS, service: 'datalyptica-postgres-pooler-rw', port: 5432 };

function pgProbe(sql = 'SELECT 1'): Extract<Probe, { type: 'postgres' }> {
  return {
    type: 'postgres',
    endpoint,
    database: 'validator',
    user: { namespace: NS, name: 'pg-app', key: 'username' },
    password: { namespace: NS, name: 'pg-app', key: 'password' },
    sql,
  };
}

describe('the PostgreSQL probe against a real server', () => {
  let server: LivePostgres | string;
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    if (typeof server !== 'string') await server.stop();
  });

  it('logs in with the role from the Secret and runs the SQL', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const reach = localReach({ [`${endpoint.service}.${NS}:5432`]: server.port });
    const ctx = probeContext({ reach, secrets: { [`${NS}/pg-app/username`]: server.user, [`${NS}/pg-app/password`]: server.password } });
    const message = await postgresProbe(pgProbe('SELECT 41 + 1'), ctx);
    assert.match(message, /1 row\(s\), first value 42/);
    assert.equal(reach.closed, reach.opened, 'the reached address is closed after the check');
  });

  it('fails with the server\'s reason when the password is wrong', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const ctx = probeContext({
      reach: localReach({ [`${endpoint.service}.${NS}:5432`]: server.port }),
      secrets: { [`${NS}/pg-app/username`]: server.user, [`${NS}/pg-app/password`]: 'not-the-password' },
    });
    await assert.rejects(postgresProbe(pgProbe(), ctx), (error: Error) => {
      assert.equal(error.name, 'ProbeFailure');
      assert.match(error.message, /password authentication failed for user "validator"/);
      assert.doesNotMatch(error.message, /not-the-password/);
      return true;
    });
  });

  it('fails on bad SQL with the server\'s error', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const ctx = probeContext({
      reach: localReach({ [`${endpoint.service}.${NS}:5432`]: server.port }),
      secrets: { [`${NS}/pg-app/username`]: server.user, [`${NS}/pg-app/password`]: server.password },
    });
    await assert.rejects(postgresProbe(pgProbe('SELECT * FROM no_such_table'), ctx), /relation "no_such_table" does not exist/);
  });
});

describe('the Redis probe against a real server', () => {
  let server: LiveRedis | string;
  const redisEndpoint = { namespace: 'datalyptica-system', service: 'datalyptica-redis', port: 6379 };
  const password = { namespace: 'datalyptica-system', name: 'redis-auth', key: 'password' };
  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    if (typeof server !== 'string') await server.stop();
  });

  it('authenticates with the Secret and gets PONG', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const ctx = probeContext({ reach: localReach({ 'datalyptica-redis.datalyptica-system:6379': server.port }), secrets: { 'datalyptica-system/redis-auth/password': server.password } });
    assert.match(await redisProbe({ type: 'redis', endpoint: redisEndpoint, password }, ctx), /PONG after AUTH/);
  });

  it('fails with WRONGPASS when the password is wrong', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const ctx = probeContext({ reach: localReach({ 'datalyptica-redis.datalyptica-system:6379': server.port }), secrets: { 'datalyptica-system/redis-auth/password': 'wrong-password' } });
    await assert.rejects(redisProbe({ type: 'redis', endpoint: redisEndpoint, password }, ctx), /WRONGPASS/);
  });

  it('fails with NOAUTH when no password is sent to a protected server', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const ctx = probeContext({ reach: localReach({ 'datalyptica-redis.datalyptica-system:6379': server.port }) });
    await assert.rejects(redisProbe({ type: 'redis', endpoint: redisEndpoint }, ctx), /NOAUTH/);
  });

  it('fails within its time budget when nothing listens on the port', async () => {
    const closed = await freePort();
    const ctx = probeContext({ reach: localReach({ 'datalyptica-redis.datalyptica-system:6379': closed }), timeoutMs: 2000 });
    const started = Date.now();
    await assert.rejects(redisProbe({ type: 'redis', endpoint: redisEndpoint }, ctx), /ECONNREFUSED|Connection is closed/);
    assert.ok(Date.now() - started < 2000);
  });
});

describe('the PostgreSQL probe against a closed port', () => {
  it('fails within its time budget', async () => {
    const closed = await freePort();
    const ctx = probeContext({ reach: localReach({ [`${endpoint.service}.${NS}:5432`]: closed }), secrets: { [`${NS}/pg-app/username`]: 'u', [`${NS}/pg-app/password`]: 'p' }, timeoutMs: 2000 });
    const started = Date.now();
    await assert.rejects(postgresProbe(pgProbe(), ctx), /ECONNREFUSED/);
    assert.ok(Date.now() - started < 2000);
  });
});
