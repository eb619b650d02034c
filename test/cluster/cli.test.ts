import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { cli } from '../support/cli.ts';
import { writeKubeconfig } from '../support/kubeconfig.ts';
import { tempDir } from '../support/temp.ts';

/**
 * What the cluster commands do before any cluster answers. Everything they do with one (deploy, status, diff,
 * uninstall, kubeconfig and context resolution, terminal progress) runs on the real API server:
 * test/real-apiserver/deploy-lifecycle.test.ts, full-platform.test.ts and cli-access.test.ts.
 */
const dir = tempDir('datalyptica-cli-');
const configFile = join(dir, 'datalyptica.yaml');
writeFileSync(configFile, stringify({ profile: 'dev', target: 'openshift' }));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('bad flags on the cluster commands', () => {
  it('rejects a non-numeric --phase-timeout and a zero --finalizer-timeout before touching the cluster, naming the flag', async () => {
    const deploy = await cli(['deploy', '-c', configFile, '--kubeconfig', '/nonexistent', '--secrets-dir', join(dir, 'secrets'), '--phase-timeout', '10m']);
    assert.equal(deploy.code, 1);
    assert.match(deploy.stderr, /^error \[DL_USAGE\]: --phase-timeout must be a whole number of at least 1, got "10m"\nhint: e\.g\. --phase-timeout 600\n$/);
    const uninstall = await cli(['uninstall', '-c', configFile, '--kubeconfig', '/nonexistent', '--finalizer-timeout', '0']);
    assert.match(uninstall.stderr, /--finalizer-timeout must be a whole number of at least 1, got "0"/);
  });
});

describe('connecting from the CLI', () => {
  it('reports an unreachable cluster in one line and exits 1', async () => {
    const kubeconfig = writeKubeconfig(`http://127.0.0.1:${await closedPort()}`, { context: 'gone' });
    const result = await cli(['status', '-c', configFile, '--kubeconfig', kubeconfig]);
    assert.equal(result.code, 1);
    const [first, ...rest] = result.stderr.trim().split('\n');
    assert.match(first!, /^error \[DL_CLUSTER_UNREACHABLE\]: cannot reach the API server http:\/\/127\.0\.0\.1:\d+ \(context "gone"\)/);
    assert.deepEqual(rest.map((l) => l.slice(0, 5)), ['hint:']);
  });
});
