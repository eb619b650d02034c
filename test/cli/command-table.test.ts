import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { processIO } from '../../src/cli/io.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Runs the built executable with the import tracer; returns its output, the modules it resolved, and the packages it
 * loaded: those resolved from node_modules plus those the build bundled into a chunk it loaded (esbuild marks each
 * bundled file with a `// …node_modules/<package>/…` line).
 */
function traced(args: readonly string[]): { code: number; stdout: string; resolved: string[]; packages: Set<string> } {
  const result = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'support', 'trace-imports.mjs'), join(ROOT, 'bin', 'datalyptica.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const resolved = result.stderr.split('\n').filter((l) => l.startsWith('resolve ')).map((l) => l.slice('resolve '.length));
  const packages = new Set(resolved.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('file:')).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')));
  for (const chunk of resolved.filter((s) => s.startsWith('.') && s.endsWith('.mjs'))) {
    const file = join(ROOT, 'dist', 'chunks', basename(chunk));
    if (!existsSync(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/^\/\/ \S*node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(match[1]!);
  }
  return { code: result.status ?? -1, stdout: result.stdout, resolved, packages };
}

describe('the command table', () => {
  it('repeats each command\'s own description as its help summary', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('datalyptica');
      (await entry.load()).register(program, { io: processIO(), setExit: () => undefined });
      const command = program.commands.find((c) => c.name() === entry.name);
      assert.equal(entry.summary, command?.description(), entry.name);
    }
  });

  it('prints top-level help and the version from the built JavaScript without loading a command module or a cluster client', () => {
    for (const args of [['--help'], ['--version']]) {
      const run = traced(args);
      assert.equal(run.code, 0);
      assert.ok(run.resolved.some((s) => s.endsWith('dist/cli.mjs')), 'the built entry point runs');
      assert.ok(!run.resolved.some((s) => s === 'tsx' || s.startsWith('tsx/') || s.endsWith('.ts')), `${args[0]}: no TypeScript at run time`);
      for (const heavy of ['@kubernetes/client-node', 'kafkajs', 'pg', '@aws-sdk/client-s3', 'ajv', 'zod', 'luxon']) assert.ok(!run.packages.has(heavy), `${args[0]} loads ${heavy}`);
    }
    assert.match(traced(['--help']).stdout, /render\s+render every manifest/);
  });

  it('loads only the named command: render does not load a cluster client', () => {
    const run = traced(['render', '-o', 'yaml']);
    assert.equal(run.code, 0);
    assert.ok(run.packages.has('yaml'));
    assert.ok(run.packages.has('zod'), 'the config is validated');
    for (const unused of ['@kubernetes/client-node', 'kafkajs', 'ajv', '@prometheus-io/lezer-promql']) assert.ok(!run.packages.has(unused), `render loads ${unused}`);
  });
});
