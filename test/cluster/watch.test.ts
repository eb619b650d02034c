import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { connect } from '../../src/cluster/connection.ts';
import { waitForObject } from '../../src/cluster/wait.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { SIM_TOKEN, SimApiServer, writeKubeconfig } from '../support/sim-api-server/index.ts';

const servers: SimApiServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

const until = async (condition: () => boolean, timeoutMs = 2000): Promise<void> => {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('watch resume after 410 Gone', () => {
  it('re-lists when the resourceVersion expired mid-wait and still sees the ready transition that happened while disconnected', async () => {
    const server = new SimApiServer({ token: SIM_TOKEN });
    servers.push(server);
    const url = await server.start();
    server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lake' } });
    server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flag', namespace: 'lake' }, data: { state: 'pending' } } as KubeObject);
    const { client } = await connect({ kubeconfig: writeKubeconfig(url), client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    const isWatch = (r: { query: URLSearchParams; path: string }): boolean => r.query.get('watch') === '1' && r.path.endsWith('/configmaps');
    // The first watch stream drops; the re-opened one reaches the server only after the change and the compaction.
    server.faults.push({ match: isWatch, dropWatchAfterMs: 100, times: 1 });
    server.faults.push({ match: isWatch, delayMs: 150, times: 1 });
    const errors: unknown[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    const waiting = waitForObject(client, { apiVersion: 'v1', kind: 'ConfigMap', name: 'flag', namespace: 'lake' }, {
      signal: controller.signal,
      onError: (e) => errors.push(e),
      assess: (o) => ((o?.['data'] as Record<string, string> | undefined)?.['state'] === 'ready' ? { state: 'ready', reason: 'ready' } : { state: 'progressing', reason: 'pending' }),
    });
    const watches = (): number => server.requests.filter((r) => r.endsWith('/configmaps?watch')).length;
    await until(() => watches() === 1);
    await new Promise((r) => setTimeout(r, 20));
    // An event on the open stream: the client now holds a resourceVersion that the compaction below expires.
    server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flag', namespace: 'lake' }, data: { state: 'still pending' } } as KubeObject);
    await until(() => watches() === 2); // the second (delayed) watch request is in flight, with the old resourceVersion
    server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flag', namespace: 'lake' }, data: { state: 'ready' } } as KubeObject);
    server.compact();
    const outcome = await waiting;
    clearTimeout(timer);
    assert.equal(outcome.timedOut, false);
    assert.equal(outcome.verdict.state, 'ready');
    // 410 is routine: a re-list, not an error, and the object was seen only through that re-list.
    assert.deepEqual(errors, []);
    assert.equal(server.requests.filter((r) => r === 'GET /api/v1/namespaces/lake/configmaps').length, 2);
  });
});
