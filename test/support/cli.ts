import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process with captured output, as if from a non-terminal; with `tty`, stdout and stdin are a
 * terminal (live progress, prompts) and colours are not turned off unless `env` says so.
 */
export async function cli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean } = {}): Promise<CliResult> {
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

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'datalyptica.js');

/** Runs the real executable in a child process (exit code, no stack traces). */
export function cliProcess(args: readonly string[], options: { cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
