#!/usr/bin/env node
import { config as zodConfig } from 'zod';
import { processIO } from './io.ts';
import { runCli } from './program.ts';

// One command parses the config once: zod's default compiles each object schema to a function on its first parse
// (about 30 ms for the config schema), which only pays off over many parses. Interpreted parsing gives the same
// results and issues. Set here, for the command line only: a program using the library keeps its own setting.
// @see https://zod.dev/packages/core#globalconfig
zodConfig({ jitless: true });

// A reader that goes away (`datalyptica render -o yaml | head`) closes the pipe: stop quietly, as
// other command-line tools do, instead of printing Node's EPIPE stack trace. Exit 0 keeps
// `set -o pipefail` scripts working: the reader got what it asked for.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIO());
