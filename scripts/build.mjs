#!/usr/bin/env node
// Builds dist/: the CLI and the library as plain JavaScript (no TypeScript transform at run time).
// The CLI's command modules are each their own chunk, so a command loads only what it uses, and the
// small libraries that render and check load on every run are bundled in: Node.js 20 resolves, reads
// and links each file of a package separately (zod is about a hundred ES modules, yaml seventy CommonJS
// files), which costs more than parsing them as one chunk. The library (dist/index.mjs) keeps every
// dependency in node_modules, so a program that uses zod or yaml itself shares one copy with it.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
/** Bundled into the CLI: loaded by `render` and `check` on every run. */
const BUNDLED = new Set(['zod', 'yaml', 'commander', 'cron-parser', 'luxon', 'fastest-levenshtein', 'js-yaml', '@prometheus-io/lezer-promql', '@lezer/lr', '@lezer/common', '@lezer/highlight']);
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);
const outdir = join(root, 'dist');
const common = { absWorkingDir: root, outdir, bundle: true, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', outExtension: { '.js': '.mjs' }, logLevel: 'warning' };
rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external,
  // Bundled CommonJS (yaml, cron-parser) requires Node's built-in modules: give every chunk a real `require`.
  banner: { js: "import { createRequire as __datalypticaCreateRequire } from 'node:module';\nconst require = __datalypticaCreateRequire(import.meta.url);" },
});
if (existsSync(join(root, 'src', 'index.ts'))) await build({ ...common, entryPoints: { index: 'src/index.ts' }, packages: 'external' });
