#!/usr/bin/env node
// Node 20's test runner cannot glob .ts files itself, so list them here and hand them over.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = collect('test').filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Tests that run the executable run the built JavaScript: build it first, so it is never stale.
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// Suites under test/real-apiserver/ share one real kube-apiserver per run (test/support/real-api-server-main.ts
// builds it if needed, starts it and installs the CRDs); it is stopped when the tests end.
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
let apiserver;
if (files.some((f) => f.includes('real-apiserver'))) {
  apiserver = spawn(process.execPath, ['--import', 'tsx', 'test/support/real-api-server-main.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => {
    const lines = createInterface({ input: apiserver.stdout });
    lines.once('line', (l) => {
      lines.close();
      resolve(l);
    });
    apiserver.once('exit', () => resolve(undefined));
  });
  if (line === undefined) {
    console.error('the real API server did not start (see above)');
    process.exit(1);
  }
  env.DATALYPTICA_TEST_APISERVER = line;
}
const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
if (apiserver !== undefined && apiserver.exitCode === null) {
  const exited = new Promise((resolve) => apiserver.once('exit', resolve));
  apiserver.kill('SIGTERM');
  await exited;
}
process.exit(result.status ?? 1);
