import { baseComponentOptions } from '../../src/config/component-options.ts';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { childAccessOf, connect } from '../../src/cluster/connection.ts';
import { deployError, deployPlatform } from '../../src/cluster/deploy.ts';
import { resolveKubeConfig } from '../../src/cluster/kubeconfig.ts';
import { helmRunner } from '../../src/cluster/operator-install.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { emptyBuild, type ComponentDefinition } from '../../src/model/component.ts';
import type { OperatorRequirement } from '../../src/model/operator.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import { startSimCluster, writeKubeconfig, writeMultiKubeconfig, type SimCluster } from '../support/sim-api-server/index.ts';
import { FIXTURE_DEFINITIONS } from './fixture.ts';
import { tempDir } from '../support/temp.ts';

const sparkOperator: OperatorRequirement = {
  id: 'spark-operator',
  displayName: 'Spark operator',
  olm: { package: 'spark-operator', channel: 'stable', source: 'community-operators', allNamespaces: true },
  kubernetes: { type: 'helm', repo: 'https://kubeflow.github.io/spark-operator', chart: 'spark-operator', version: '2.3.0', namespace: 'spark-operator' },
  crds: ['sparkapplications.sparkoperator.k8s.io'],
  docs: 'https://www.kubeflow.org/docs/components/spark-operator/getting-started/',
};

const SPARK: ComponentDefinition = {
  name: 'spark', title: 'Spark', tier: 'processing', layer: 'data', phase: 'processing', version: '4.0.1', enabledByDefault: true, options: baseComponentOptions,
  build: (ctx) => ({ ...emptyBuild(), operators: [sparkOperator], objects: [{ apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'job', namespace: ctx.namespace }, spec: { type: 'Scala' } }] }),
};

const platform = assemblePlatform(resolveConfig({ target: 'kubernetes', profile: 'dev' } as never), [...FIXTURE_DEFINITIONS, SPARK]);
const clusters: SimCluster[] = [];
const dirs: string[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('child processes reach the cluster the API client reaches', () => {
  it('runs helm with the --kubeconfig, --kube-context and KUBECONFIG of the resolved connection, not the current-context', async () => {
    const right = await startSimCluster(platform);
    const wrong = await startSimCluster(platform);
    clusters.push(right, wrong);
    // The file's current-context is the wrong cluster; --context picks the right one.
    const kubeconfig = writeMultiKubeconfig([{ url: wrong.server.url, context: 'wrong' }, { url: right.server.url, context: 'right' }], 'wrong');
    const dir = tempDir('datalyptica-helm-access-');
    dirs.push(dir);
    const log = join(dir, 'helm.jsonl');
    const connection = await connect({ kubeconfig, context: 'right', env: {}, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    assert.equal(connection.server, right.server.url);
    process.env['SIM_HELM_LOG'] = log;
    try {
      const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: right.manifests, helm: helmRunner(right.helmBinary(dir)), phaseTimeoutSeconds: 5 });
      assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    } finally {
      delete process.env['SIM_HELM_LOG'];
    }
    const runs = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { args: string[]; env: { KUBECONFIG?: string } });
    assert.deepEqual(runs, [
      {
        args: ['upgrade', '--install', 'spark-operator', 'spark-operator', '--repo', 'https://kubeflow.github.io/spark-operator', '--version', '2.3.0', '--namespace', 'spark-operator', '--create-namespace', '--wait', '--timeout', '10m', '--kubeconfig', kubeconfig, '--kube-context', 'right'],
        env: { KUBECONFIG: kubeconfig },
      },
    ]);
    assert.equal(right.helmCalls.length, 1);
    assert.deepEqual(wrong.helmCalls, []);
    assert.equal(wrong.server.list('Deployment').length, 0, 'nothing reached the current-context cluster');
  });

  it('passes a KUBECONFIG list as the environment and names the context explicitly', () => {
    const first = writeKubeconfig('https://one.example:6443', { context: 'one' });
    const second = writeKubeconfig('https://two.example:6443', { context: 'two' });
    const list = [first, second].join(delimiter);
    const config = resolveKubeConfig({ env: { KUBECONFIG: list }, context: 'two' });
    assert.deepEqual(childAccessOf(config, config.getCurrentContext()), { args: ['--kube-context', 'two'], env: { KUBECONFIG: list } });
    const single = resolveKubeConfig({ kubeconfig: first });
    assert.deepEqual(childAccessOf(single, single.getCurrentContext()), { args: ['--kubeconfig', first, '--kube-context', 'one'], env: { KUBECONFIG: first } });
  });
});
