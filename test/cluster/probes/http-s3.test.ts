import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpProbe } from '../../../src/cluster/probes/http.ts';
import { S3_PROBE_PREFIX, s3Probe } from '../../../src/cluster/probes/s3.ts';
import { targetOfHost } from '../../../src/cluster/probes/kafka.ts';
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
      if (req.url === '/api/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"database":"ok","version":"12.3.0"}');
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

describe('the S3 probe against a local path-style store', () => {
  let server: http.Server;
  let port: number;
  const objects = new Map<string, Buffer>();
  const log: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
        log.push(`${req.method} ${path}`);
        if (!path.startsWith('/warehouse/')) return res.writeHead(404).end('<Error><Code>NoSuchBucket</Code><Message>no bucket</Message></Error>');
        if (!String(req.headers.authorization).includes('Credential=AKIATEST/')) return res.writeHead(403).end('<Error><Code>InvalidAccessKeyId</Code><Message>bad key</Message></Error>');
        if (req.method === 'PUT') objects.set(path, Buffer.concat(chunks));
        else if (req.method === 'GET') {
          const body = objects.get(path);
          return body ? res.writeHead(200, { 'content-length': body.length }).end(body) : res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
        } else if (req.method === 'DELETE') {
          objects.delete(path);
          return res.writeHead(204).end();
        }
        res.writeHead(200, { etag: '"x"' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => server.close());
  const secrets = { 'datalyptica-catalog/s3/AWS_ACCESS_KEY_ID': 'AKIATEST', 'datalyptica-catalog/s3/AWS_SECRET_ACCESS_KEY': 'secret-key-value' };
  const probe = (bucket: string) => ({
    type: 's3' as const,
    endpoint: { namespace: 'datalyptica-storage', service: 'minio', port: 80 },
    bucket,
    accessKey: { namespace: 'datalyptica-catalog', name: 's3', key: 'AWS_ACCESS_KEY_ID' },
    secretKey: { namespace: 'datalyptica-catalog', name: 's3', key: 'AWS_SECRET_ACCESS_KEY' },
    region: 'us-east-1',
    pathStyle: true,
  });

  it('puts, reads back and deletes a marker object', async () => {
    const message = await s3Probe(probe('warehouse'), probeContext({ reach: localReach({ 'minio.datalyptica-storage:80': port }), secrets }));
    assert.match(message, /bucket warehouse: put, get and delete/);
    assert.deepEqual(log.map((l) => l.split(' ')[0]), ['PUT', 'GET', 'DELETE']);
    assert.ok(log.every((l) => l.includes(`/warehouse/${S3_PROBE_PREFIX}`)));
    assert.equal(objects.size, 0, 'the marker object is gone');
  });

  it('fails naming the step and the store\'s error for a missing bucket', async () => {
    await assert.rejects(s3Probe(probe('nope'), probeContext({ reach: localReach({ 'minio.datalyptica-storage:80': port }), secrets })), /bucket nope: put failed: .*(no bucket|NoSuchBucket)/);
  });
});

describe('Kafka broker addresses', () => {
  it('map per-broker names to a pod behind the headless Service', () => {
    assert.deepEqual(targetOfHost('datalyptica-kafka-broker-0.datalyptica-kafka-kafka-brokers.datalyptica-streaming.svc', 9093), {
      pod: 'datalyptica-kafka-broker-0',
      service: 'datalyptica-kafka-kafka-brokers',
      namespace: 'datalyptica-streaming',
      port: 9093,
    });
  });

  it('map the bootstrap name to its Service, with or without cluster.local', () => {
    assert.deepEqual(targetOfHost('datalyptica-kafka-kafka-bootstrap.datalyptica-streaming.svc.cluster.local', 9093), { service: 'datalyptica-kafka-kafka-bootstrap', namespace: 'datalyptica-streaming', port: 9093 });
  });

  it('reject names outside the cluster', () => {
    assert.throws(() => targetOfHost('kafka.example.com', 9093), /not an in-cluster Service name/);
  });
});
