import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, describe, it } from 'node:test';
import { lokiRoundTrip } from '../../../src/cluster/probes/loki.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-monitoring';
const endpoint = { namespace: NS, service: 'loki', port: 3100 };

/** A Loki stand-in: keeps pushed lines and answers queries that contain them, optionally after a delay. */
function fakeLoki(options: { pushStatus?: number; visibleAfterQueries?: number }) {
  const lines: string[] = [];
  let queries = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/loki/api/v1/push') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { streams: { values: [string, string][] }[] };
        for (const s of body.streams) for (const [, line] of s.values) lines.push(line);
        res.writeHead(options.pushStatus ?? 204).end(options.pushStatus && options.pushStatus >= 400 ? 'entry out of order' : '');
        return;
      }
      if (req.method === 'GET' && req.url?.startsWith('/loki/api/v1/query_range')) {
        queries += 1;
        const query = new URL(req.url, 'http://x').searchParams.get('query') ?? '';
        const hits = queries > (options.visibleAfterQueries ?? 0) ? lines.filter((l) => query.includes(l)) : [];
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'streams', result: hits.map((l) => ({ stream: {}, values: [['1', l]] })) } }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  return { server, lines, queries: () => queries };
}

describe('the Loki round-trip probe', () => {
  const servers: http.Server[] = [];
  const start = async (options: Parameters<typeof fakeLoki>[0]) => {
    const fake = fakeLoki(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(fake.server);
    return { ...fake, reach: localReach({ [`loki.${NS}:3100`]: (fake.server.address() as net.AddressInfo).port }) };
  };
  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('passes once the pushed line comes back from a LogQL query, polling while it is not there yet', async () => {
    const fake = await start({ visibleAfterQueries: 1 });
    const message = await lokiRoundTrip({ type: 'loki-roundtrip', endpoint }, probeContext({ reach: fake.reach, timeoutMs: 10_000 }));
    assert.match(message, /read it back/);
    assert.equal(fake.lines.length, 1);
    assert.match(fake.lines[0]!, /^datalyptica-validate [0-9a-f-]{36}$/);
    assert.equal(fake.queries(), 2);
  });

  it('fails with Loki\'s answer when the push is refused', async () => {
    const fake = await start({ pushStatus: 400 });
    await assert.rejects(lokiRoundTrip({ type: 'loki-roundtrip', endpoint }, probeContext({ reach: fake.reach })), /push answered 400: entry out of order/);
  });

  it('fails when the line never comes back within the check\'s time', async () => {
    const fake = await start({ visibleAfterQueries: 1_000 });
    const signal = AbortSignal.timeout(1500);
    await assert.rejects(lokiRoundTrip({ type: 'loki-roundtrip', endpoint }, probeContext({ reach: fake.reach, signal, timeoutMs: 1500 })), /did not come back|aborted/);
  });
});
