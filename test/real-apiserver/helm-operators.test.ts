import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { connect } from '../../src/cluster/connection.ts';
import { deployError } from '../../src/cluster/deploy.ts';
import { helmRunner } from '../../src/cluster/operator-install.ts';
import { baseComponentOptions } from '../../src/config/component-options.ts';
import { emptyBuild, type ComponentDefinition } from '../../src/model/component.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { FIXTURE_DEFINITIONS } from '../cluster/fixture.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { writeMultiKubeconfig } from '../support/kubeconfig.ts';
import { realApiServer } from '../support/real-api-server.ts';
import { kubectl } from '../support/real-deploy.ts';
import { realEngine, type Engine } from '../support/real-engine.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Operators installed with helm, on the real API server: the helm stand-in (test/support/helm-stand-in.ts) does what
 * helm 3 leaves in a cluster through the real kubectl and the connection flags deploy passes, so a call that reached
 * the wrong cluster, or a release record helm would refuse, is seen by the server. The release lives in the fixed
 * `spark-operator` namespace: each test starts from no release records.
 */
const SPARK: ComponentDefinition = {
  name: 'spark', title: 'Spark', tier: 'processing', layer: 'data', phase: 'processing', version: '4.0.1', enabledByDefault: true, options: baseComponentOptions,
  build: (ctx) => ({
    ...emptyBuild(),
    operators: [{ id: 'spark-operator', displayName: 'Spark operator', olm: { package: 'spark-operator', channel: 'stable', source: 'community-operators', allNamespaces: true }, kubernetes: { type: 'helm', repo: 'https://kubeflow.github.io/spark-operator', chart: 'spark-operator', version: '2.3.0', namespace: 'spark-operator' }, crds: ['sparkapplications.sparkoperator.k8s.io'], docs: 'https://www.kubeflow.org/docs/components/spark-operator/' }],
    objects: [{ apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'job', namespace: ctx.namespace }, spec: { type: 'Scala', mode: 'cluster', sparkVersion: '4.0.1', mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar', driver: { cores: 1 }, executor: { instances: 1 } } }],
  }),
};
const RELEASE_NS = 'spark-operator';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops) await stop();
});

async function engine(t: { skip(reason: string): void }, target: 'kubernetes' | 'openshift' = 'kubernetes'): Promise<Engine | undefined> {
  const made = await realEngine(t, { stem: 'helm', target, definitions: [...FIXTURE_DEFINITIONS, SPARK] });
  if (made) stops.push(made.stop);
  return made;
}

/** A helm 3 release record (`sh.helm.release.v1.<name>.v<n>`) with this status, as helm stores it. */
function releaseRecord(revision: number, status: string): KubeObject {
  const name = 'spark-operator';
  const payload = gzipSync(JSON.stringify({ name, namespace: RELEASE_NS, version: revision, chart: { metadata: { name, version: '2.3.0' } }, config: {}, info: { status } }));
  return { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: `sh.helm.release.v1.${name}.v${revision}`, namespace: RELEASE_NS, labels: { owner: 'helm', name, status, version: String(revision) } }, data: { release: Buffer.from(payload.toString('base64')).toString('base64') } } as KubeObject;
}

/** Each helm call the stand-in logged (its arguments and KUBECONFIG). */
const helmCalls = (log: string): { args: string[]; kubeconfig?: string }[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { args: string[]; kubeconfig?: string }) : []);

/** Runs `body` with the helm stand-in logging its calls to a fresh file; returns the file. */
async function logged(body: (log: string) => Promise<void>): Promise<string> {
  const log = join(tempDir('datalyptica-helm-log-'), 'helm.jsonl');
  process.env['HELM_STAND_IN_LOG'] = log;
  try {
    await body(log);
  } finally {
    delete process.env['HELM_STAND_IN_LOG'];
  }
  return log;
}

beforeEach(async () => {
  const server = await realApiServer();
  if ('skip' in server) return;
  kubectl(server.kubeconfig, ['apply', '--server-side', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: RELEASE_NS } }));
  kubectl(server.kubeconfig, ['delete', 'secrets', '-n', RELEASE_NS, '-l', 'owner=helm', '--ignore-not-found']);
});

describe('helm-installed operators on a real kube-apiserver', () => {
  it('runs helm with the --kubeconfig, --kube-context and KUBECONFIG of the resolved connection: nothing reaches the current-context cluster', async (t) => {
    const e = await engine(t);
    if (!e) return;
    // The file's current-context is another cluster (a second proxy that records what reaches it); --context picks ours.
    const wrong = await startFaultProxy(e.server);
    stops.push(() => wrong.stop());
    const kubeconfig = writeMultiKubeconfig([{ url: wrong.url, context: 'wrong', token: e.server.token }, { url: e.proxy.url, context: 'right', token: e.server.token }], 'wrong');
    const connection = await connect({ kubeconfig, context: 'right', env: {}, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    assert.equal(connection.server, e.proxy.url);
    const log = await logged(async () => {
      const result = await e.run({ client: connection.client, access: connection.childAccess, helm: helmRunner(e.helm) });
      assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    });
    assert.deepEqual(helmCalls(log), [
      {
        args: ['upgrade', '--install', 'spark-operator', 'spark-operator', '--repo', 'https://kubeflow.github.io/spark-operator', '--version', '2.3.0', '--namespace', RELEASE_NS, '--create-namespace', '--wait', '--timeout', '10m', '--kubeconfig', kubeconfig, '--kube-context', 'right'],
        kubeconfig,
      },
    ]);
    assert.deepEqual(wrong.log.map((r) => `${r.method} ${r.path}`), [], 'nothing reached the current-context cluster');
    // helm's own writes (field manager helm) reached the server through the chosen context.
    assert.ok(e.proxy.log.some((r) => r.method === 'PATCH' && r.query.get('fieldManager') === 'helm' && r.path.endsWith('/deployments/spark-operator-controller')));
    const record = await e.server.client.get({ apiVersion: 'v1', kind: 'Secret', name: 'sh.helm.release.v1.spark-operator.v1', namespace: RELEASE_NS });
    assert.equal(record?.metadata.labels?.['status'], 'deployed');
  });

  it('recovers a release an interrupted install left pending-install: uninstalls it, then installs', async (t) => {
    const e = await engine(t);
    if (!e) return;
    kubectl(e.server.kubeconfig, ['create', '-f', '-'], JSON.stringify(releaseRecord(1, 'pending-install')));
    const log = await logged(async () => {
      const result = await e.run({ helm: helmRunner(e.helm) });
      assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    });
    assert.deepEqual(helmCalls(log).map((c) => c.args.slice(0, 2)), [['uninstall', 'spark-operator'], ['upgrade', '--install']]);
    assert.ok(e.events.some((ev) => ev.type === 'restored' && ev.object === 'helm release spark-operator' && ev.fields.some((f) => /pending-install cleared by uninstall/.test(f))));
    const records = JSON.parse(kubectl(e.server.kubeconfig, ['get', 'secrets', '-n', RELEASE_NS, '-l', 'owner=helm', '-o', 'json'])) as { items: KubeObject[] };
    assert.deepEqual(records.items.map((r) => `${r.metadata.labels?.['version']}=${r.metadata.labels?.['status']}`), ['1=deployed']);
  });

  it('rolls a pending-upgrade back to the last deployed revision before upgrading', async (t) => {
    const e = await engine(t);
    if (!e) return;
    kubectl(e.server.kubeconfig, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [releaseRecord(1, 'superseded'), releaseRecord(2, 'deployed'), releaseRecord(3, 'pending-upgrade')] }));
    const log = await logged(async () => {
      const result = await e.run({ helm: helmRunner(e.helm), forceConflicts: true });
      assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    });
    const calls = helmCalls(log).map((c) => c.args);
    assert.deepEqual(calls[0]!.slice(0, 3), ['rollback', 'spark-operator', '2']);
    assert.deepEqual(calls[1]!.slice(0, 2), ['upgrade', '--install']);
    assert.equal(calls.length, 2);
    const records = JSON.parse(kubectl(e.server.kubeconfig, ['get', 'secrets', '-n', RELEASE_NS, '-l', 'owner=helm', '-o', 'json'])) as { items: KubeObject[] };
    const status = Object.fromEntries(records.items.map((r) => [r.metadata.labels?.['version'], r.metadata.labels?.['status']]));
    assert.deepEqual(status, { '1': 'superseded', '2': 'superseded', '3': 'failed', '4': 'deployed' });
  });

  it('retries a helm install that failed on a transient API error (the server answered 500 to helm\'s apply)', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const fault = { match: (r: { method: string; query: URLSearchParams }) => r.method === 'PATCH' && r.query.get('fieldManager') === 'helm', status: 500, times: 1 };
    e.proxy.faults.push(fault);
    const log = await logged(async () => {
      const result = await e.run({ helm: helmRunner(e.helm) });
      assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    });
    assert.equal((fault as { hits?: number }).hits, 1);
    const retry = e.events.find((ev) => ev.type === 'retry' && ev.what === 'helm upgrade --install spark-operator');
    assert.ok(retry?.type === 'retry', JSON.stringify(e.events.filter((ev) => ev.type === 'retry')));
    assert.match(retry.reason, /Kubernetes cluster unreachable/);
    assert.equal(helmCalls(log).filter((c) => c.args[0] === 'upgrade').length, 2);
  });

  it('stops on interrupt: kills the running helm child and reports the run as interrupted', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const dir = tempDir('datalyptica-interrupt-');
    const pidFile = join(dir, 'pid');
    const slowHelm = join(dir, 'helm');
    writeFileSync(slowHelm, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetTimeout(() => {}, 60000);\n`, { mode: 0o755 });
    const controller = new AbortController();
    const running = e.run({ helm: helmRunner(slowHelm), phaseTimeoutSeconds: 120, signal: controller.signal });
    while (!existsSync(pidFile)) await sleep(20);
    await sleep(50);
    controller.abort();
    const result = await running;
    assert.equal(result.interrupted, true);
    assert.equal(result.ok, false);
    assert.equal(result.steps.find((s) => s.id === 'operator:spark-operator')?.state, 'failed');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await sleep(200);
    assert.throws(() => process.kill(pid, 0), 'the helm child is gone');
  });

  it('leaves no connection open once deploy returns (watches closed), so the process can exit at once', async (t) => {
    const e = await engine(t, 'openshift');
    if (!e) return;
    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.ok(e.proxy.log.some((r) => r.query.get('watch') === '1'), 'deploy watched something');
    await sleep(200);
    const port = Number(new URL(e.proxy.url).port);
    const handles = (process as unknown as { _getActiveHandles(): { constructor: { name: string }; remotePort?: number; destroyed?: boolean }[] })._getActiveHandles();
    assert.equal(handles.filter((h) => h.constructor.name === 'Socket' && h.remotePort === port && !h.destroyed).length, 0);
  });
});
