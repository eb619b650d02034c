import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { Ajv, ValidateFunction } from 'ajv';
import { FORMATS, FORMATS_SPECIFIER } from './formats.ts';

const require = createRequire(import.meta.url);

/**
 * What cached validator code may `require`: the shared formats by their specifier, and Ajv's
 * runtime helpers resolved from this package — never from the cache folder, which may be anywhere.
 */
function validatorRequire(id: string): unknown {
  return id === FORMATS_SPECIFIER ? FORMATS : require(id);
}

type StandaloneCode = (ajv: Ajv, validate: ValidateFunction) => string;

/**
 * Ajv's standalone code generator, loaded on the first compile only: a warm `check` reads every validator from the
 * cache and never needs it. The module is CommonJS with a default export.
 */
function standaloneCode(ajv: Ajv, validate: ValidateFunction): string {
  const module = require('ajv/dist/standalone/index.js') as { default?: StandaloneCode } & StandaloneCode;
  return (module.default ?? module)(ajv, validate);
}

/** Bump when prepare.ts or the Ajv options change what a schema compiles to. */
const CACHE_VERSION = '3';

/**
 * A disk cache of compiled validators (Ajv standalone code), so `check` compiles the large workload
 * schemas once per machine instead of once per run. Keyed by the schema text, the Ajv version and
 * CACHE_VERSION; anything unreadable or unwritable just falls back to compiling.
 */
export class CompileCache {
  readonly #dir: string | undefined;
  readonly #ajvVersion: string;

  constructor(dir: string | undefined) {
    this.#dir = dir;
    this.#ajvVersion = (require('ajv/package.json') as { version: string }).version;
  }

  /** Where compiled validators are kept; undefined when caching is off. */
  get dir(): string | undefined {
    return this.#dir;
  }

  /** What every cached validator depends on besides its schema: the cache version and the Ajv version. */
  get salt(): string {
    return `${CACHE_VERSION}\0${this.#ajvVersion}`;
  }

  /** The validator for `schemaText`, from the cache or compiled (and then cached). */
  get(ajv: Ajv, schemaText: string, compile: () => ValidateFunction): ValidateFunction {
    if (this.#dir === undefined) return compile();
    const key = createHash('sha256').update(`${CACHE_VERSION}\0${this.#ajvVersion}\0${schemaText}`).digest('hex');
    const file = join(this.#dir, `${key}.cjs`);
    if (existsSync(file)) {
      try {
        return loadValidator(file);
      } catch {
        // A torn or stale file: compile again and overwrite it.
      }
    }
    const validate = compile();
    try {
      mkdirSync(this.#dir, { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, standaloneCode(ajv, validate));
      renameSync(temp, file);
    } catch {
      // Read-only install or no space: caching is an optimisation only.
    }
    return validate;
  }
}

/** Scripts whose V8 code cache is written when the process ends (see `loadValidator`). */
const pendingCodeCaches = new Map<string, Script>();

/**
 * Writes the V8 code cache of every validator loaded without one. This runs at exit, after the
 * validators have run: V8 compiles a function lazily on its first call, and `createCachedData()`
 * holds only what is compiled so far, so a cache made right after loading would leave the
 * multi-megabyte validator bodies to be compiled again on every run.
 * @see https://nodejs.org/api/vm.html#scriptcreatecacheddata
 */
function writePendingCodeCaches(): void {
  for (const [codeCache, script] of pendingCodeCaches) {
    try {
      const temp = `${codeCache}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, codeCache);
    } catch {
      // The code cache is an optimisation only.
    }
  }
  pendingCodeCaches.clear();
}

/**
 * Runs a cached validator module with V8's code cache beside it, so a warm start skips parsing and
 * compiling the generated JavaScript as well as Ajv's compile. The cache file's suffix names the
 * Node.js version: a cache from another V8 is rejected anyway, and two versions sharing a
 * node_modules folder would otherwise overwrite each other's on every run.
 * @see https://nodejs.org/api/vm.html#new-vmscriptcode-options
 */
function loadValidator(file: string): ValidateFunction {
  const source = `(function (exports, require, module) {${readFileSync(file, 'utf8')}\n})`;
  const codeCache = `${file}.${process.versions.v8}.v8`;
  const cachedData = existsSync(codeCache) ? readFileSync(codeCache) : undefined;
  const script = new Script(source, { filename: file, ...(cachedData !== undefined ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (e: unknown, r: (id: string) => unknown, m: { exports: unknown }) => void)(module.exports, validatorRequire, module);
  if (cachedData === undefined || script.cachedDataRejected === true) {
    if (pendingCodeCaches.size === 0) process.once('exit', writePendingCodeCaches);
    pendingCodeCaches.set(codeCache, script);
  }
  const exported = module.exports as ValidateFunction & { default?: ValidateFunction };
  return exported.default ?? exported;
}

/** The default cache folder: node_modules/.cache of the package (what bundlers and linters use too). */
export function defaultCacheDir(): string | undefined {
  if (process.env['DATALYPTICA_SCHEMA_CACHE'] === '0') return undefined;
  if (process.env['DATALYPTICA_SCHEMA_CACHE']) return process.env['DATALYPTICA_SCHEMA_CACHE'];
  let dir = dirname(require.resolve('ajv/package.json'));
  while (!dir.endsWith('node_modules') && dirname(dir) !== dir) dir = dirname(dir);
  return dir.endsWith('node_modules') ? join(dir, '.cache', 'datalyptica-schemas') : undefined;
}
