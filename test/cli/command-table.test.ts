import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { processIO } from '../../src/cli/io.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs the built executable with the import tracer; returns its output and the modules it resolved. */
function traced(args: readonly string[]): { code: number; stdout: string; resolved: string[] } {
  const result = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'support', 'trace-imports.mjs'), join(ROOT, 'bin', 'datalyptica.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const resolved = result.stderr.split('\n').filter((l) => l.startsWith('resolve ')).map((l) => l.slice('resolve '.length));
  return { code: result.status ?? -1, stdout: result.stdout, resolved };
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
      for (const heavy of ['@kubernetes/client-node', 'kafkajs', 'pg', '@aws-sdk/client-s3', 'ajv', 'zod']) assert.ok(!run.resolved.includes(heavy), `${args[0]} loads ${heavy}`);
    }
    assert.match(traced(['--help']).stdout, /render\s+render every manifest/);
  });

  it('loads only the named command: render does not load a cluster client', () => {
    const run = traced(['render', '-o', 'yaml']);
    assert.equal(run.code, 0);
    assert.ok(run.resolved.includes('yaml'));
    assert.ok(!run.resolved.includes('@kubernetes/client-node'));
    assert.ok(!run.resolved.includes('kafkajs'));
  });
});
