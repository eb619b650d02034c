import { baseComponentOptions } from '../../src/config/component-options.ts';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../../src/cluster/connection.ts';
import { deployError, deployPlatform } from '../../src/cluster/deploy.ts';
import { startSimCluster, type SimCluster } from '../support/sim-api-server/index.ts';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { helmRunner } from '../../src/cluster/operator-install.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { emptyBuild, type ComponentDefinition } from '../../src/model/component.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import type { Obj } from '../support/sim-api-server/index.ts';
import { FIXTURE_DEFINITIONS, fixturePlatform } from './fixture.ts';
import { tempDir } from '../support/temp.ts';

/** The fixture plus one operator installed from a Helm chart. */
const SPARK: ComponentDefinition = {
  name: 'spark', title: 'Spark', tier: 'processing', layer: 'data', phase: 'processing', version: '4.0.1', enabledByDefault: true, options: baseComponentOptions,
  build: (ctx) => ({
    ...emptyBuild(),
    operators: [{ id: 'spark-operator', displayName: 'Spark operator', olm: { package: 'spark-operator', channel: 'stable', source: 'community-operators', allNamespaces: true }, kubernetes: { type: 'helm', repo: 'https://kubeflow.github.io/spark-operator', chart: 'spark-operator', version: '2.3.0', namespace: 'spark-operator' }, crds: ['sparkapplications.sparkoperator.k8s.io'], docs: 'https://www.kubeflow.org/docs/components/spark-operator/' }],
    objects: [{ apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'job', namespace: ctx.namespace }, spec: { type: 'Scala' } }],
  }),
};

/** A helm 3 release record (`sh.helm.release.v1.<name>.v<n>`) with this status. */
function releaseRecord(name: string, namespace: string, revision: number, status: string): Obj {
  const payload = gzipSync(JSON.stringify({ name, namespace, version: revision, chart: { metadata: { name, version: '2.3.0' } }, config: {}, info: { status } }));
  return { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: `sh.helm.release.v1.${name}.v${revision}`, namespace, labels: { owner: 'helm', name, status, version: String(revision) } }, data: { release: Buffer.from(payload.toString('base64')).toString('base64') } } as Obj;
}

const clusters: SimCluster[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
});

async function setup(target: 'openshift' | 'kubernetes', withHelm = false) {
  const platform = withHelm ? assemblePlatform(resolveConfig({ target, profile: 'dev' } as never), [...FIXTURE_DEFINITIONS, SPARK]) : fixturePlatform(target);
  const sim = await startSimCluster(platform);
  clusters.push(sim);
  const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
  return { platform, sim, connection };
}

/** Client sockets of this process still connected to the server at `url` (open watches keep the process alive). */
function openSocketsTo(url: string): number {
  const port = Number(new URL(url).port);
  const handles = (process as unknown as { _getActiveHandles(): { constructor: { name: string }; remotePort?: number; destroyed?: boolean }[] })._getActiveHandles();
  return handles.filter((h) => h.constructor.name === 'Socket' && h.remotePort === port && !h.destroyed).length;
}

describe('deploy lifecycle', () => {
  it('leaves no watch open once it returns, so the process can exit at once', async () => {
    const { platform, sim, connection } = await setup('openshift');
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5 });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    await sleep(100);
    assert.equal(openSocketsTo(sim.server.url), 0);
  });

  it('fails at once on a 403 for an object reached through another (Subscription → CSV) instead of waiting out the phase', async () => {
    const { platform, sim, connection } = await setup('openshift');
    sim.server.faults.push({ match: (r) => r.path.includes('/clusterserviceversions'), status: 403, times: 10_000 });
    // With a 120 s budget a wait that ignored the 403 would hold this test for two minutes and end as a timeout.
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 120 });
    const operator = result.steps.find((s) => s.id === 'operator:cloudnative-pg')!;
    assert.equal(operator.state, 'failed');
    assert.match(operator.stuck.map((s) => s.reason).join('\n'), /403/);
  });

  it('recovers a Helm release an interrupted install left pending-install: uninstalls it, then installs', async () => {
    const { platform, sim, connection } = await setup('kubernetes', true);
    sim.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'spark-operator' } } as Obj);
    sim.server.put(releaseRecord('spark-operator', 'spark-operator', 1, 'pending-install'));
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5 });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.deepEqual(sim.helmCalls.map((a) => a.slice(0, 2)), [['uninstall', 'spark-operator'], ['upgrade', '--install']]);
  });

  it('rolls a pending-upgrade back to the last deployed revision before upgrading', async () => {
    const { platform, sim, connection } = await setup('kubernetes', true);
    sim.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'spark-operator' } } as Obj);
    sim.server.put(releaseRecord('spark-operator', 'spark-operator', 1, 'superseded'));
    sim.server.put(releaseRecord('spark-operator', 'spark-operator', 2, 'deployed'));
    sim.server.put(releaseRecord('spark-operator', 'spark-operator', 3, 'pending-upgrade'));
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5, forceConflicts: true });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.deepEqual(sim.helmCalls[0]!.slice(0, 3), ['rollback', 'spark-operator', '2']);
    assert.deepEqual(sim.helmCalls[1]!.slice(0, 2), ['upgrade', '--install']);
  });

  it('retries a helm install that failed on a transient API error', async () => {
    const { platform, sim, connection } = await setup('kubernetes', true);
    sim.helmFailures.push('Error: Kubernetes cluster unreachable: Get "https://api:6443/version": dial tcp: connection refused');
    const events: string[] = [];
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5, onEvent: (e) => events.push(e.type) });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.ok(events.includes('retry'));
    assert.equal(sim.helmCalls.filter((a) => a[0] === 'upgrade').length, 2);
  });

  it('stops on interrupt: kills the running helm child and reports the run as interrupted', async () => {
    const { platform, sim, connection } = await setup('kubernetes', true);
    const dir = tempDir('datalyptica-interrupt-');
    try {
      const pidFile = join(dir, 'pid');
      const slowHelm = join(dir, 'helm');
      writeFileSync(slowHelm, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetTimeout(() => {}, 60000);\n`, { mode: 0o755 });
      const controller = new AbortController();
      const running = deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: helmRunner(slowHelm), phaseTimeoutSeconds: 120, signal: controller.signal });
      while (!existsSync(pidFile)) await sleep(20);
      await sleep(50);
      controller.abort();
      const result = await running;
      assert.equal(result.interrupted, true);
      assert.equal(result.ok, false);
      assert.equal(result.steps.find((s) => s.id === 'operator:spark-operator')?.state, 'failed');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await sleep(100);
      assert.throws(() => process.kill(pid, 0), 'the helm child is gone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
