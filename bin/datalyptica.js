#!/usr/bin/env node
// Runs the built JavaScript in dist/ (no TypeScript transform at run time). `npm ci` and
// `npm install` build it through the `prepare` script; `npm run build` rebuilds it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error [DL_NOT_BUILT]: dist/cli.mjs is missing\nhint: run `npm run build` in the datalyptica folder (npm ci runs it for you)\n');
  process.exit(1);
}
await import(entry.href);
