import { Command, CommanderError } from 'commander';
import { causeChain, isDatalypticaError } from '../errors.ts';
import { commandsFor } from './commands/index.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIO } from './io.ts';
import { paint } from './io.ts';

import { VERSION } from '../version.ts';

export { VERSION };

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Errors become
 * one clear message, the hint, and (with DATALYPTICA_DEBUG) the cause chain — never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let exit: ExitCode = EXIT.ok;
  const program = new Command('datalyptica')
    .description('Render, check and deploy the Datalyptica lakehouse on OpenShift or Kubernetes')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  for (const command of await commandsFor(argv)) command.register(program, { io, setExit: (code) => (exit = code) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.failure;
    }
    reportError(io, error);
    return EXIT.failure;
  }
}

function reportError(io: CliIO, error: unknown): void {
  if (isDatalypticaError(error)) {
    io.stderr.write(`${paint(io, 'red', 'error')} [${error.code}]: ${error.message}\n`);
    for (const detail of error.details) io.stderr.write(`  ${detail}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
  } else {
    io.stderr.write(`${paint(io, 'red', 'error')} [DL_INTERNAL]: ${error instanceof Error ? error.message : String(error)}\n`);
    io.stderr.write('hint: this is a bug in datalyptica; rerun with DATALYPTICA_DEBUG=1 and report it\n');
  }
  if (io.env['DATALYPTICA_DEBUG']) {
    for (const cause of causeChain(error).slice(1)) io.stderr.write(`  caused by: ${cause}\n`);
  }
}
