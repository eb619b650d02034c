#!/usr/bin/env node
// Builds dist/: the CLI and the library as plain JavaScript (no TypeScript transform at run time).
// Each command module is its own chunk, so a command loads only what it uses; dependencies stay in
// node_modules (they are already JavaScript).
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', ...(existsSync(join(root, 'src', 'index.ts')) ? { index: 'src/index.ts' } : {}) },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
