import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitCode } from './exit-codes.ts';

/**
 * A CLI command: registers itself on the program and returns its exit code through `setExit`.
 * Commands stay thin: parse flags, call the library, print.
 */
export interface CliCommand {
  register(program: Command, context: CliContext): void;
}

export interface CliContext {
  readonly io: CliIO;
  /** Sets the process exit code for the running command. */
  setExit(code: ExitCode): void;
}
