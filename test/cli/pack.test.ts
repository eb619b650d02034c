import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { tempDir } from '../support/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry {
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly [key: string]: unknown;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' }, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * A consumer project that depends on the tarball, with a lockfile made of the repository's own
 * runtime entries: `npm ci --offline` then installs exactly the versions the tests ran against,
 * from the tarballs `npm ci` left in the npm cache, with no registry metadata and no network.
 */
function writeConsumer(prefix: string, tarball: string): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; license: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'datalyptica-pack-test', dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: { version: manifest.version, resolved: spec, license: manifest.license, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines },
  };
  // Runtime entries only: a dev-only package may never have been fetched on this machine.
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && entry.dev !== true && entry.devOptional !== true) packages[path] = entry;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'datalyptica-pack-test', private: true, dependencies: { [manifest.name]: spec } }, null, 2));
  writeFileSync(join(prefix, 'package-lock.json'), JSON.stringify({ name: 'datalyptica-pack-test', lockfileVersion: 3, requires: true, packages }, null, 2));
}

describe('the packed tarball', () => {
  const dir = tempDir('dl-pack-');
  let tarball = '';
  let packed: SpawnSyncReturns<string> | undefined;
  let installed: SpawnSyncReturns<string> | undefined;
  const bin = join(dir, 'prefix', 'node_modules', '.bin', 'datalyptica');

  before(() => {
    // `npm pack` runs `prepack` (declarations into types/) and `prepare` (dist/), so the tarball never holds a stale build.
    packed = run(NPM, ['pack', '--pack-destination', dir, '--json'], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) ?? '';
    writeConsumer(join(dir, 'prefix'), join(dir, tarball));
    installed = run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], join(dir, 'prefix'));
  });

  it('holds only what runs: bin/, the built dist/, the declarations and the README, no TypeScript source or tests', () => {
    const [info] = JSON.parse(packed?.stdout ?? '[]') as { files: { path: string }[] }[];
    const paths = (info?.files ?? []).map((f) => f.path);
    for (const file of ['bin/datalyptica.js', 'dist/cli.mjs', 'dist/index.mjs', 'types/index.d.ts', 'README.md']) assert.ok(paths.includes(file), `${file} in ${paths.join(', ')}`);
    const stray = paths.filter((p) => !/^(bin\/|dist\/|types\/|README\.md$|package\.json$)/.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts')));
    assert.deepEqual(stray, []);
  });

  it('installs into an empty prefix and renders the default platform from an empty folder', (t) => {
    assert.ok(installed !== undefined);
    if (installed.status !== 0 && /ENOTCACHED|only-if-cached/.test(installed.stderr)) {
      t.skip('the npm cache lacks a runtime dependency (run `npm ci` first, which fills it): the offline install cannot run');
      return;
    }
    assert.equal(installed.status, 0, installed.stderr);
    assert.ok(existsSync(bin), 'node_modules/.bin/datalyptica is linked');
    // Nothing of the repository is reachable: no tsx, no source, no datalyptica.yaml.
    assert.equal(existsSync(join(dir, 'prefix', 'node_modules', 'tsx')), false, 'tsx is a devDependency and is not installed');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const rendered = run(bin, ['render', '--out-dir', 'out'], empty);
    assert.equal(rendered.status, 0, rendered.stderr);
    assert.match(readFileSync(join(empty, 'out', 'bundle.yaml'), 'utf8'), /kind: Deployment/);
    assert.ok(existsSync(join(empty, 'out', 'kustomization.yaml')), 'the Kustomize tree root');
    assert.ok(readdirSync(join(empty, 'out')).some((f) => f.endsWith('-catalog')), 'a namespace folder');

    const checked = run(bin, ['check', '--schemas', ...SCHEMA_DIRS], empty);
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout + checked.stderr, / 0 errors/);
  });
});
