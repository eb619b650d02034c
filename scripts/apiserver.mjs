#!/usr/bin/env node
// Builds the test API server (test/apiserver: kube-apiserver from k8s.io/kubernetes + embedded etcd) once and
// caches the binary under .cache/apiserver/<hash>/, keyed by the hash of its go.mod, go.sum and Go sources.
// Prints the binary's path on stdout. Without a Go toolchain it prints why on stderr and exits 0 (the suites
// that need the server then skip with that reason), except with CI=true, where a missing Go is a failure (exit 1).
//
//   node scripts/apiserver.mjs            build if needed, print the path
//   node scripts/apiserver.mjs --check    print the path if built, exit 2 if not (never builds)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'test', 'apiserver');
const cacheRoot = process.env.DATALYPTICA_APISERVER_CACHE ?? join(root, '.cache', 'apiserver');

/** The cache key: every file that changes the binary. */
function sourceHash() {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const name of readdirSync(source).filter((n) => n === 'go.mod' || n === 'go.sum' || n.endsWith('.go')).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(source, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function goVersion() {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const binary = join(cacheRoot, sourceHash(), 'apiserver');
if (existsSync(binary)) {
  process.stdout.write(`${binary}\n`);
  process.exit(0);
}
if (process.argv.includes('--check')) process.exit(2);

const go = goVersion();
if (go === undefined) {
  const reason = 'no Go toolchain on PATH (`go version` failed): the real-API-server tests need Go to build test/apiserver';
  process.stderr.write(`apiserver: ${reason}\n`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
mkdirSync(dirname(binary), { recursive: true });
const started = Date.now();
process.stderr.write(`apiserver: building test/apiserver with ${go} (first build downloads k8s.io/kubernetes and takes minutes)\n`);
const tmp = `${binary}.tmp-${process.pid}`;
// Stamp the version the way Kubernetes' release build does, so /version reports the real release, not v0.0.0-master.
const release = /^\s*k8s\.io\/kubernetes (v(\d+)\.(\d+)\.\d+)\s*$/m.exec(readFileSync(join(source, 'go.mod'), 'utf8'));
if (release === null) throw new Error('test/apiserver/go.mod requires no k8s.io/kubernetes version');
const versionPkg = 'k8s.io/component-base/version';
const ldflags = ['-s', '-w', `-X ${versionPkg}.gitVersion=${release[1]}`, `-X ${versionPkg}.gitMajor=${release[2]}`, `-X ${versionPkg}.gitMinor=${release[3]}`, `-X ${versionPkg}.gitTreeState=clean`];
const built = spawnSync('go', ['build', `-ldflags=${ldflags.join(' ')}`, '-o', tmp, '.'], {
  cwd: source,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: process.env,
});
if (built.status !== 0) {
  process.stderr.write(`apiserver: go build failed (exit ${built.status})\n`);
  process.exit(1);
}
renameSync(tmp, binary);
process.stderr.write(`apiserver: built in ${((Date.now() - started) / 1000).toFixed(0)} s → ${binary}\n`);
process.stdout.write(`${binary}\n`);
