import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';
import type { DeployEvent } from '../../src/cluster/deploy.ts';
import { collectOperators, operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import { generateSecrets } from '../../src/secrets/index.ts';
import { platformFor } from '../support/platform.ts';
import { provideExternalSecrets, SIM_TOKEN, startSimCluster, writeKubeconfig, type SimCluster } from '../support/sim-api-server/index.ts';
import { tempDir } from '../support/temp.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process; `tty` makes stdout (and stdin) a terminal, `stdin` is what the user types. */
async function cli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as unknown as CliIO['stdin'];
  if (options.tty) stdin.isTTY = true;
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin,
    env: options.tty ? { ...(options.env ?? {}) } : { NO_COLOR: '1', ...(options.env ?? {}) },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const CONFIG = { profile: 'dev', target: 'openshift' } as const;
const dir = tempDir('datalyptica-cli-');
const configFile = join(dir, 'datalyptica.yaml');
const changedFile = join(dir, 'changed.yaml');
const secretsDir = join(dir, 'secrets');
writeFileSync(configFile, stringify(CONFIG));
writeFileSync(changedFile, stringify({ ...CONFIG, components: { nessie: { replicas: 3 } } }));

let sim: SimCluster;
let base: string[];
let operatorFlags: string[];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

before(async () => {
  const platform = platformFor(CONFIG);
  generateSecrets(platform.secrets, secretsDir);
  sim = await startSimCluster(platform);
  provideExternalSecrets(sim.server, platform);
  base = ['-c', configFile, '--kubeconfig', sim.kubeconfig];
  // Operators installed from manifests come from a mirror folder, Helm charts through a helm stand-in.
  const mirror = join(dir, 'manifests');
  mkdirSync(mirror);
  const sources = [...operatorInstallPlan(platform), ...collectOperators(platform.components).flatMap(({ requirement }) => (requirement.companions ?? []).map((c) => ({ id: c.id, ...c.install })))];
  for (const source of sources) if (source.type === 'manifest') writeFileSync(join(mirror, `${source.id}.yaml`), await sim.manifests(source.url));
  operatorFlags = ['--operator-manifests', mirror, '--helm', sim.helmBinary(dir)];
});
after(async () => {
  await sim.stop();
});

describe('the cluster commands end to end against the simulated API server', () => {
  it('deploys, then status -o json shows every component ready', async () => {
    const deploy = await cli(['deploy', ...base, ...operatorFlags, '--secrets-dir', secretsDir]);
    assert.equal(deploy.code, 0, deploy.stderr + deploy.stdout.slice(-2000));
    assert.match(deploy.stdout, /✔ component:nessie/);
    const status = await cli(['status', ...base, '-o', 'json']);
    assert.equal(status.code, 0, status.stdout);
    const parsed = JSON.parse(status.stdout) as { components: { component: string; state: string }[] };
    assert.equal(parsed.components.length, platformFor(CONFIG).components.size);
    assert.deepEqual(parsed.components.filter((c) => c.state !== 'ready'), []);
  });

  it('converges on a second deploy without applying anything again (-o json events)', async () => {
    const again = await cli(['deploy', ...base, ...operatorFlags, '--secrets-dir', secretsDir, '-o', 'json']);
    assert.equal(again.code, 0, again.stderr);
    const events = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as DeployEvent);
    assert.equal(events.filter((e) => e.type === 'applied').length, 0);
    assert.ok(events.filter((e) => e.type === 'unchanged').length > 50);
    assert.ok(events.every((e) => e.type !== 'step-failed'));
  });

  it('shows listr2 progress in a terminal instead of plain lines', async () => {
    const tty = await cli(['deploy', ...base, ...operatorFlags, '--secrets-dir', secretsDir], { tty: true });
    assert.equal(tty.code, 0, tty.stderr);
    // One live line per phase (a converged re-run finishes before step lines are drawn).
    assert.match(tty.stdout, /catalog \(\d+ steps?\)/);
    assert.ok(tty.stdout.includes('\u001b['), 'terminal control sequences');
    assert.doesNotMatch(tty.stdout, /^▶ /m, 'no plain progress lines');
  });

  it('diff exits 0 after deploy and 3 after a config change', async () => {
    const same = await cli(['diff', ...base]);
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /no changes/);
    const changed = await cli(['diff', '-c', changedFile, '--kubeconfig', sim.kubeconfig]);
    assert.equal(changed.code, 3, changed.stdout);
    assert.match(changed.stdout, /Deployment\/nessie/);
    assert.match(changed.stdout, /replicas/);
  });

  it('refuses to uninstall without --yes when there is no terminal to ask on', async () => {
    const refused = await cli(['uninstall', ...base]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refusing to continue without confirmation/);
    assert.ok(sim.server.list('Deployment').length > 0, 'nothing deleted');
  });

  it('uninstall --yes deletes the platform with live progress, keeps the volumes and lists them', async () => {
    const claims = sim.server.list('PersistentVolumeClaim');
    assert.ok(claims.length > 0);
    const removed = await cli(['uninstall', ...base, '--yes'], { tty: true });
    assert.equal(removed.code, 0, removed.stderr + removed.stdout.slice(-2000));
    for (const claim of claims) {
      assert.ok(sim.server.get('v1', 'PersistentVolumeClaim', claim.metadata.name, claim.metadata.namespace), `${claim.metadata.name} kept`);
      assert.match(removed.stdout, new RegExp(`kept +PersistentVolumeClaim/${claim.metadata.name} `));
    }
    // Every Deployment deploy created is gone; what is left was installed by helm (listed with its helm uninstall command).
    const left = sim.server.list('Deployment').filter((d) => d.metadata.namespace?.startsWith('datalyptica-'));
    assert.deepEqual(left.filter((d) => d.metadata.annotations?.['datalyptica.io/created-by'] !== undefined).map((d) => d.metadata.name), []);
    for (const d of left) assert.match(removed.stdout, new RegExp(`operator install ${d.metadata.annotations?.['meta.helm.sh/release-name']} — installed with helm`));
    // The namespace the user created for their external S3 Secret before deploy is not ours to delete.
    assert.match(removed.stdout, /kept +Namespace\/datalyptica-system — not created by Datalyptica/);
  });

  it('uninstall --purge-data demands the typed name prefix before deleting volumes', async () => {
    const wrong = await cli(['uninstall', ...base, '--purge-data'], { tty: true, stdin: 'y\n' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Type "datalyptica" to confirm/);
    assert.match(wrong.stderr, /aborted: not confirmed/);
    assert.ok(sim.server.list('PersistentVolumeClaim').length > 0);
    const typed = await cli(['uninstall', ...base, '--purge-data'], { stdin: 'datalyptica\n', tty: true, env: { NO_COLOR: '1' } });
    assert.equal(typed.code, 0, typed.stderr + typed.stdout.slice(-2000));
    assert.equal(sim.server.list('PersistentVolumeClaim').length, 0);
  });

  it('uninstall exits 2 with "nothing to uninstall" once the platform is gone', async () => {
    const again = await cli(['uninstall', ...base, '--purge-data', '--yes']);
    assert.equal(again.code, 2, again.stderr + again.stdout.slice(-2000));
    assert.match(again.stdout, /^nothing to uninstall$/m);
  });
});

describe('bad flags on the cluster commands', () => {
  it('rejects a non-numeric --phase-timeout and a zero --finalizer-timeout before touching the cluster, naming the flag', async () => {
    const deploy = await cli(['deploy', '-c', configFile, '--kubeconfig', '/nonexistent', '--secrets-dir', secretsDir, '--phase-timeout', '10m']);
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

  it('reports rejected credentials (401) in one line and exits 1', async () => {
    const kubeconfig = writeKubeconfig(sim.server.url, { token: 'expired', context: 'prod' });
    const result = await cli(['deploy', '-c', configFile, '--kubeconfig', kubeconfig, '--secrets-dir', secretsDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr.split('\n')[0]!, /^error \[DL_CLUSTER_UNAUTHORIZED\]: .*"prod".*HTTP 401 Unauthorized$/);
  });
});

describe('kubeconfig resolution', () => {
  const write = (name: string, contexts: { name: string; server: string }[], current: string): string => {
    const file = join(dir, name);
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: contexts.map((c) => ({ name: c.name, cluster: { server: c.server, 'insecure-skip-tls-verify': true } })),
        users: contexts.map((c) => ({ name: c.name, user: { token: SIM_TOKEN } })),
        contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name } })),
        'current-context': current,
      }),
    );
    return file;
  };

  it('merges a KUBECONFIG list: the first current-context wins, and contexts of later files can be chosen', async () => {
    const gone = `http://127.0.0.1:${await closedPort()}`;
    const first = write('first.yaml', [{ name: 'sim', server: sim.server.url }], 'sim');
    const second = write('second.yaml', [{ name: 'elsewhere', server: gone }], 'elsewhere');
    const env = { KUBECONFIG: [first, join(dir, 'missing.yaml'), second].join(delimiter) };
    const merged = await cli(['status', '-c', configFile, '-o', 'json'], { env });
    assert.match(merged.stdout, /"context": "sim"/);
    const other = await cli(['status', '-c', configFile, '--context', 'elsewhere'], { env });
    assert.match(other.stderr, /DL_CLUSTER_UNREACHABLE.*context "elsewhere"/);
  });

  it('uses --kubeconfig alone, ignoring KUBECONFIG', async () => {
    const first = write('only-env.yaml', [{ name: 'sim', server: sim.server.url }], 'sim');
    const flag = write('only-flag.yaml', [{ name: 'flagged', server: `http://127.0.0.1:${await closedPort()}` }], 'flagged');
    const result = await cli(['status', '-c', configFile, '--kubeconfig', flag], { env: { KUBECONFIG: first } });
    assert.match(result.stderr, /context "flagged"/);
  });

  it('names the known contexts when --context is unknown', async () => {
    const file = write('one.yaml', [{ name: 'sim', server: sim.server.url }], 'sim');
    const result = await cli(['status', '-c', configFile, '--kubeconfig', file, '--context', 'nope']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error \[DL_KUBECONFIG_INVALID\]: context "nope" is not in the kubeconfig/);
    assert.match(result.stderr, /known contexts: sim/);
    assert.match(result.stderr, /kubectl config get-contexts/);
  });
});
