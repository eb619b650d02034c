import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { processIO } from '../../src/cli/io.ts';
import { cli } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The README's command table: command name → the exit codes its last column lists. */
function documentedExits(): Map<string, number[]> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Commands'), readme.indexOf('## Configuration reference'));
  const out = new Map<string, number[]>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
    const name = /^`([a-z]+)/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined) out.set(name, [...(cells[3] ?? '').matchAll(/(?:^|·\s*)(\d+)\b/g)].map((m) => Number(m[1])));
  }
  return out;
}

/** Every command and subcommand of the program, loaded from the command table. */
async function allCommands(): Promise<Command[]> {
  const program = new Command('datalyptica');
  for (const entry of COMMANDS) (await entry.load()).register(program, { io: processIO(), setExit: () => undefined });
  const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
  return program.commands.flatMap(walk);
}

function config(text: string): string {
  const file = join(tempDir('dl-exit-'), 'datalyptica.yaml');
  writeFileSync(file, text);
  return file;
}

/** A manifest file for `check FILE`. */
function manifest(text: string): string {
  const file = join(tempDir('dl-exit-'), 'manifest.yaml');
  writeFileSync(file, text);
  return file;
}

const DEV = 'target: kubernetes\nprofile: dev\n';
const BAD = 'profile: enormous\n';

/**
 * For each command, argument lists that must end with each documented code, run in-process. The
 * cluster commands' 0, 2 and 3 need a cluster: test/real-apiserver/deploy-lifecycle.test.ts drives them against a
 * real kube-apiserver (deploy, status, diff and uninstall 0; diff 3 after a config change; uninstall 2 once nothing is left); 130 is deploy's SIGINT path
 * (test/real-apiserver/deploy-faults.test.ts interrupts a deploy). Here they show 1 for a cluster that cannot be reached.
 */
function cases(): Record<string, Record<number, () => readonly string[]>> {
  const unreachable = (command: string) => () => [command, '-c', config(DEV), '--kubeconfig', join(tempDir('dl-exit-'), 'missing-kubeconfig')];
  return {
    init: { 0: () => ['init', '-f', join(tempDir('dl-exit-'), 'datalyptica.yaml')], 1: () => ['init', '-f', config(DEV)] },
    schema: { 0: () => ['schema'], 1: () => ['schema', '-o', 'schema.json'] },
    render: { 0: () => ['render', '-c', config(DEV), '-o', 'yaml'], 1: () => ['render', '-c', config(BAD), '-o', 'yaml'] },
    check: {
      0: () => ['check', manifest('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: lake\ndata:\n  mode: batch\n')],
      1: () => ['check', join(ROOT, 'test', 'check', 'upstream', 'fixtures', 'trino.bad.yaml')],
    },
    secrets: { 0: () => ['secrets', 'list', '-c', config(DEV), '-o', 'json'], 1: () => ['secrets', 'seal', '-c', config(DEV), '--cert', join(tempDir('dl-exit-'), 'no-cert.pem')] },
    images: { 0: () => ['images', '-c', config(DEV), '-o', 'json'], 1: () => ['images', '-c', config(BAD)] },
    versions: { 0: () => ['versions', '-o', 'json'], 1: () => ['versions', '-o', 'xml'] },
    flows: { 0: () => ['flows', '-c', config(DEV), '-o', 'json'], 1: () => ['flows', '-c', config(BAD)] },
    validate: { 1: unreachable('validate') },
    deploy: { 1: unreachable('deploy') },
    status: { 1: unreachable('status') },
    diff: { 1: unreachable('diff') },
    uninstall: { 1: unreachable('uninstall') },
  };
}

describe('exit codes and help text', () => {
  it('documents in the README exactly the exit codes each command returns', () => {
    const documented = documentedExits();
    for (const entry of COMMANDS) {
      assert.deepEqual(documented.get(entry.name)?.sort(), [...entry.exits].sort(), `README's row for ${entry.name}`);
    }
  });

  it('has a help text for every option and argument of every command', async () => {
    const missing: string[] = [];
    for (const command of await allCommands()) {
      for (const option of command.options) if (!option.description?.trim()) missing.push(`${command.name()} ${option.flags}`);
      for (const argument of command.registeredArguments) if (!argument.description?.trim()) missing.push(`${command.name()} <${argument.name()}>`);
      if (!command.description().trim()) missing.push(`${command.name()} (the command itself)`);
    }
    assert.deepEqual(missing, [], 'options without a description in --help');
  });

  for (const entry of COMMANDS) {
    const table = cases()[entry.name] ?? {};
    for (const [code, args] of Object.entries(table)) {
      it(`${entry.name} exits ${code} when expected`, async () => {
        assert.ok(entry.exits.includes(Number(code) as never), `${code} is not among ${entry.name}'s documented codes`);
        const argv = args!();
        const result = await cli(argv);
        assert.equal(result.code, Number(code), `${argv.join(' ')}\n${result.stderr}`);
      });
    }
  }
});
