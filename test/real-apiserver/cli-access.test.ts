import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { cli } from '../support/cli.ts';
import { writeKubeconfig, writeMultiKubeconfig } from '../support/kubeconfig.ts';
import { realApiServer, type RealApiServer } from '../support/real-api-server.ts';
import { tempDir } from '../support/temp.ts';

/**
 * How the CLI picks the cluster (--kubeconfig, KUBECONFIG lists, --context) and reports one it cannot use, against
 * the run's real API server (TLS with its CA, bearer-token authentication) and a loopback port nothing listens on.
 */
const dir = tempDir('datalyptica-cli-access-');
const configFile = join(dir, 'datalyptica.yaml');
writeFileSync(configFile, stringify({ profile: 'dev', target: 'openshift', namePrefix: 'cliaccess' }));

let server: RealApiServer | undefined;
let skip = 'no real API server';
let caData = '';
before(async () => {
  const found = await realApiServer();
  if ('skip' in found) skip = found.skip;
  else {
    server = found;
    caData = (parse(readFileSync(found.kubeconfig, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data': string } }[] }).clusters[0]!.cluster['certificate-authority-data'];
  }
});
function ready(t: { skip(reason: string): void }): RealApiServer | undefined {
  if (server === undefined) t.skip(skip);
  return server;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('connecting from the CLI to a real kube-apiserver', () => {
  it('reports rejected credentials (401) in one line naming the context, and exits 1', async (t) => {
    const s = ready(t);
    if (!s) return;
    const kubeconfig = writeKubeconfig(s.server, { token: 'expired', context: 'prod', caData });
    const result = await cli(['status', '-c', configFile, '--kubeconfig', kubeconfig]);
    assert.equal(result.code, 1);
    const [first, ...rest] = result.stderr.trim().split('\n');
    assert.match(first!, /^error \[DL_CLUSTER_UNAUTHORIZED\]: .*"prod".*HTTP 401 Unauthorized$/);
    assert.ok(first!.includes(s.server), first);
    assert.deepEqual(rest.map((l) => l.slice(0, 5)), ['hint:']);
  });

  it('merges a KUBECONFIG list: the first current-context wins, and a context of a later file can be chosen', async (t) => {
    const s = ready(t);
    if (!s) return;
    const first = writeMultiKubeconfig([{ url: s.server, context: 'real', token: s.token, caData }], 'real', join(dir, 'first.yaml'));
    const second = writeMultiKubeconfig([{ url: `http://127.0.0.1:${await closedPort()}`, context: 'elsewhere' }], 'elsewhere', join(dir, 'second.yaml'));
    const env = { KUBECONFIG: [first, join(dir, 'missing.yaml'), second].join(delimiter) };
    const merged = await cli(['status', '-c', configFile, '-o', 'json'], { env });
    assert.match(merged.stdout, /"context": "real"/, merged.stderr);
    assert.ok(merged.stdout.includes(s.server));
    const other = await cli(['status', '-c', configFile, '--context', 'elsewhere'], { env });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /DL_CLUSTER_UNREACHABLE.*context "elsewhere"/);
  });

  it('uses --kubeconfig alone, ignoring KUBECONFIG', async (t) => {
    const s = ready(t);
    if (!s) return;
    const inEnv = writeMultiKubeconfig([{ url: s.server, context: 'real', token: s.token, caData }], 'real', join(dir, 'only-env.yaml'));
    const flag = writeMultiKubeconfig([{ url: `http://127.0.0.1:${await closedPort()}`, context: 'flagged' }], 'flagged', join(dir, 'only-flag.yaml'));
    const result = await cli(['status', '-c', configFile, '--kubeconfig', flag], { env: { KUBECONFIG: inEnv } });
    assert.equal(result.code, 1, 'the reachable cluster of KUBECONFIG was not used');
    assert.match(result.stderr, /context "flagged"/);
  });

  it('names the known contexts when --context is unknown', async (t) => {
    const s = ready(t);
    if (!s) return;
    const file = writeMultiKubeconfig([{ url: s.server, context: 'real', token: s.token, caData }], 'real', join(dir, 'one.yaml'));
    const result = await cli(['status', '-c', configFile, '--kubeconfig', file, '--context', 'nope']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error \[DL_KUBECONFIG_INVALID\]: context "nope" is not in the kubeconfig/);
    assert.match(result.stderr, /known contexts: real/);
    assert.match(result.stderr, /kubectl config get-contexts/);
  });
});
