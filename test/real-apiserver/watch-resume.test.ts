import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../../src/cluster/connection.ts';
import { waitForObject } from '../../src/cluster/wait.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { realApiServer } from '../support/real-api-server.ts';
import { tempDir } from '../support/temp.ts';

/**
 * A wait whose watch is answered 410 Expired. The real server answers so when a watch asks for a resourceVersion its
 * history (etcd compaction, every 5 minutes by default, or the watch cache's window) no longer holds; a test cannot
 * make it compact on demand, so the fault proxy answers the watch as the server would (HTTP 200, one ERROR event with
 * a 410 `Expired` Status) after holding the stream silent while the object changes on the real server.
 */
const proxies: FaultProxy[] = [];
after(async () => {
  for (const p of proxies) await p.stop();
});

describe('watch resume after 410 Gone (real kube-apiserver, 410 from the fault proxy)', () => {
  it('re-lists when the watch expired mid-wait and sees the ready transition that happened while the stream was silent', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) return t.skip(server.skip);
    const namespace = `watch${Date.now() % 100_000}`;
    const { client: direct } = server;
    await direct.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const flag = (state: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flag', namespace }, data: { state } });
    await direct.apply(flag('pending'));
    t.after(() => direct.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace }));

    const proxy = await startFaultProxy(server);
    proxies.push(proxy);
    const { client } = await connect({ kubeconfig: proxy.kubeconfig(tempDir('datalyptica-watch-')), client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    const isWatch = (r: { query: URLSearchParams; path: string }): boolean => r.query.get('watch') === '1' && r.path === `/api/v1/namespaces/${namespace}/configmaps`;
    const isList = (r: { method: string; query: URLSearchParams; path: string }): boolean => r.method === 'GET' && r.query.get('watch') !== '1' && r.path === `/api/v1/namespaces/${namespace}/configmaps`;
    const expired = { match: isWatch, gone: true, delayMs: 1000, times: 1 };
    proxy.faults.push(expired);

    const errors: unknown[] = [];
    const waiting = waitForObject(client, { apiVersion: 'v1', kind: 'ConfigMap', name: 'flag', namespace }, {
      signal: AbortSignal.timeout(30_000),
      onError: (e) => errors.push(e),
      assess: (o) => ((o?.['data'] as Record<string, string> | undefined)?.['state'] === 'ready' ? { state: 'ready', reason: 'ready' } : { state: 'progressing', reason: 'pending' }),
    });
    while (!proxy.log.some(isWatch)) await sleep(10);
    // The change happens on the real server while the client's watch is open but silent.
    await direct.apply(flag('ready'));
    const outcome = await waiting;
    assert.equal(outcome.timedOut, false);
    assert.equal(outcome.verdict.state, 'ready');
    assert.equal((expired as { hits?: number }).hits, 1, 'the watch was answered 410');
    // 410 is routine: a re-list, not an error, and the change was seen through that re-list.
    assert.deepEqual(errors, []);
    assert.equal(proxy.log.filter(isList).length, 2, proxy.log.map((r) => `${r.method} ${r.path}?${r.query}`).join('\n'));
  });
});
