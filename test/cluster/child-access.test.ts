import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import { describe, it } from 'node:test';
import { childAccessOf } from '../../src/cluster/connection.ts';
import { resolveKubeConfig } from '../../src/cluster/kubeconfig.ts';
import { writeKubeconfig } from '../support/kubeconfig.ts';

// That helm really reaches the chosen context and nothing reaches the current-context cluster is proven on the real
// API server: test/real-apiserver/helm-operators.test.ts.
describe('child processes reach the cluster the API client reaches', () => {
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
