import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { CompileCache, defaultCacheDir } from './compile-cache.ts';
import type { KubeObject } from '../../model/kube.ts';
import { schemaFileFor } from './lookup.ts';
import { expandTemplate, parseLocation, type TemplateOptions } from './location.ts';
import { fetchSchemas, type RemoteSchema } from './remote-store.ts';
import { prepareSchema } from './prepare.ts';
import { FORMATS, FORMATS_SPECIFIER } from './formats.ts';
import { ResultStore, type StoredError } from './result-store.ts';

const require = createRequire(import.meta.url);

export interface SchemaResult {
  /** `unavailable`: no location had the schema and at least one could not be reached — validation did not run. */
  readonly status: 'valid' | 'invalid' | 'noschema' | 'unavailable';
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  /** The schema file used, when one was found. */
  readonly file?: string;
  /** For `unavailable`: the URLs that could not be fetched, with why. */
  readonly unreachable?: readonly string[];
}

/** Where one location says the schema for (apiVersion, kind) is. */
type Resolution = { readonly file: string } | { readonly missing: true } | { readonly unreachable: string };

/** One location, resolved synchronously (remote ones were fetched before validation). */
type SchemaSource = (apiVersion: string, kind: string) => Resolution;

const MISSING: Resolution = { missing: true };

/** Options of SchemaValidator.open. */
export interface OpenSchemasOptions extends Partial<TemplateOptions> {
  /** `--schemas` values: folders, path/URL templates, `default`. */
  readonly locations: readonly string[];
  /** The (apiVersion, kind) pairs to fetch schemas for. */
  readonly kinds: Iterable<{ readonly apiVersion: string; readonly kind: string }>;
  readonly cacheDir: string;
  readonly fetch?: typeof fetch;
  /**
   * Keep each object's result on disk beside the compiled validators and reuse it when the same object meets the
   * same schema again (`ResultStore`): what `datalyptica check` does.
   * @default false
   */
  readonly storeResults?: boolean;
}

/** Ajv itself is loaded on the first compile only: a warm run reads compiled validators from the cache. */
function createAjv(): Ajv {
  const { Ajv, _ } = require('ajv') as typeof import('ajv');
  return new Ajv({
    strict: false,
    allErrors: true,
    unicodeRegExp: false,
    validateSchema: false,
    logger: false,
    // prepareSchema moves repeated subschemas into $defs; inlining them again would undo that.
    inlineRefs: false,
    formats: FORMATS,
    // Standalone code for the disk cache; the cache loader resolves this specifier to FORMATS.
    code: { source: true, formats: _`require(${FORMATS_SPECIFIER})` },
  });
}

const CACHE = new CompileCache(defaultCacheDir());

/**
 * Compiling the large workload schemas takes seconds, so compiled validators are shared by every
 * SchemaValidator in the process, keyed by absolute file path (schema files are read-only data).
 */
const COMPILED = new Map<string, ValidateFunction>();
let sharedAjv: Ajv | undefined;
let sharedResults: ResultStore | undefined;

/** The store of results, beside the compile cache; undefined when caching is off. */
function resultStore(): ResultStore | undefined {
  const dir = CACHE.dir;
  if (dir === undefined) return undefined;
  return (sharedResults ??= new ResultStore(dir, `${CACHE.salt}\0${formatsFingerprint()}`));
}

/** The formats' code: the cached validators call them, so a changed format must not reuse a stored result. */
function formatsFingerprint(): string {
  const describe = (value: unknown): string =>
    typeof value === 'function' || value instanceof RegExp ? String(value) : value !== null && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}:${describe(v)}`).join(',') : String(value);
  return Object.entries(FORMATS).map(([name, format]) => `${name}=${describe(format)}`).join('\n');
}

/**
 * Validates objects against the schemas in one or more kubeconform-style folders (first folder
 * with a matching file wins).
 */
export class SchemaValidator {
  /** The locations, as given (folders resolved to absolute paths), for messages. */
  readonly dirs: readonly string[];
  readonly #sources: readonly SchemaSource[];
  readonly #results: ResultStore | undefined;

  constructor(options: { dirs: readonly string[] } | { labels: readonly string[]; sources: readonly SchemaSource[]; storeResults?: boolean }) {
    if ('dirs' in options) {
      this.dirs = options.dirs.map((dir) => resolve(dir));
      this.#sources = this.dirs.map((dir) => (apiVersion, kind) => {
        const file = schemaFileFor(dir, apiVersion, kind);
        return file === undefined ? MISSING : { file };
      });
    } else {
      this.dirs = options.labels;
      this.#sources = options.sources;
    }
    this.#results = 'storeResults' in options && options.storeResults === true ? resultStore() : undefined;
  }

  /**
   * A validator over kubeconform-style locations. Remote templates are expanded for every kind
   * given and fetched (or read from the disk cache) now, so that validate() stays synchronous.
   */
  static async open(options: OpenSchemasOptions): Promise<SchemaValidator> {
    const templateOptions: TemplateOptions = { kubernetesVersion: options.kubernetesVersion ?? 'master', strict: options.strict ?? true };
    const kinds = [...options.kinds];
    const parsed = options.locations.map(parseLocation);
    const urls = parsed.flatMap((l) => (l.type === 'template' && l.remote ? kinds.map((k) => expandTemplate(l.template, k.apiVersion, k.kind, templateOptions)) : []));
    const fetched = urls.length > 0 ? await fetchSchemas(urls, { cacheDir: options.cacheDir, ...(options.fetch ? { fetch: options.fetch } : {}) }) : new Map<string, RemoteSchema>();
    const sources = parsed.map((location): SchemaSource => {
      if (location.type === 'dir') {
        const dir = resolve(location.dir);
        return (apiVersion, kind) => {
          const file = schemaFileFor(dir, apiVersion, kind);
          return file === undefined ? MISSING : { file };
        };
      }
      return (apiVersion, kind) => {
        const target = expandTemplate(location.template, apiVersion, kind, templateOptions);
        if (!location.remote) return existsSync(target) ? { file: resolve(target) } : MISSING;
        const remote = fetched.get(target);
        if (remote === undefined) return { unreachable: `${target} (not fetched)` };
        if (remote.status === 'found') return { file: remote.file };
        return remote.status === 'missing' ? MISSING : { unreachable: `${target} (${remote.reason})` };
      };
    });
    return new SchemaValidator({ labels: parsed.map((l) => (l.type === 'dir' ? resolve(l.dir) : l.template)), sources, storeResults: options.storeResults === true });
  }

  /** The schema file for an object, or undefined (NOSCHEMA or unavailable). */
  fileFor(apiVersion: string, kind: string): string | undefined {
    const found = this.#resolve(apiVersion, kind);
    return 'file' in found ? found.file : undefined;
  }

  #resolve(apiVersion: string, kind: string): { file: string } | { unreachable: readonly string[] } {
    const unreachable: string[] = [];
    for (const source of this.#sources) {
      const found = source(apiVersion, kind);
      if ('file' in found) return found;
      if ('unreachable' in found) unreachable.push(found.unreachable);
    }
    return { unreachable };
  }

  validate(object: KubeObject): SchemaResult {
    const found = this.#resolve(object.apiVersion, object.kind);
    if (!('file' in found)) {
      return found.unreachable.length > 0 ? { status: 'unavailable', errors: [], unreachable: found.unreachable } : { status: 'noschema', errors: [] };
    }
    const file = found.file;
    // Round-trip through JSON so undefined fields vanish as they would in YAML.
    const json = JSON.stringify(object);
    const key = this.#results?.keyOf(file, json);
    const stored = key === undefined ? undefined : this.#results!.get(key);
    if (stored !== undefined) return stored === null ? { status: 'valid', errors: [], file } : { status: 'invalid', errors: dedupe(stored), file };
    const validate = this.#compile(file);
    const valid = validate(JSON.parse(json) as unknown);
    const errors: StoredError[] = valid ? [] : (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, ...(e.message === undefined ? {} : { message: e.message }) }));
    if (key !== undefined) this.#results!.set(key, valid ? null : errors);
    if (valid) return { status: 'valid', errors: [], file };
    return { status: 'invalid', errors: dedupe(errors), file };
  }

  #compile(file: string): ValidateFunction {
    const cached = COMPILED.get(file);
    if (cached) return cached;
    const text = readFileSync(file, 'utf8');
    const ajv = (sharedAjv ??= createAjv());
    const validate = CACHE.get(ajv, text, () => ajv.compile(prepareSchema(JSON.parse(text)) as object));
    COMPILED.set(file, validate);
    return validate;
  }
}

/** Ajv reports a failed oneOf with every branch's errors; keep the distinct, most specific lines. */
function dedupe(errors: readonly StoredError[]): { path: string; message: string }[] {
  const out = new Map<string, { path: string; message: string }>();
  for (const error of errors) {
    const path = error.instancePath === '' ? '/' : error.instancePath;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') message = `unknown field "${String(error.params['additionalProperty'])}"`;
    if (error.keyword === 'enum') message = `must be one of ${JSON.stringify(error.params['allowedValues'])}`;
    const key = `${path}|${message}`;
    if (!out.has(key)) out.set(key, { path, message });
  }
  return [...out.values()];
}
