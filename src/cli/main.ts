#!/usr/bin/env node
import { processIO } from './io.ts';
import { runCli } from './program.ts';

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
