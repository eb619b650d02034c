import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, _, type ValidateFunction, type ErrorObject } from 'ajv';
import { CompileCache, defaultCacheDir } from './compile-cache.ts';
import type { KubeObject } from '../../model/kube.ts';
import { schemaFileFor } from './lookup.ts';
import { prepareSchema } from './prepare.ts';
import { FORMATS, FORMATS_SPECIFIER } from './formats.ts';

export interface SchemaResult {
  readonly status: 'valid' | 'invalid' | 'noschema';
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  /** The schema file used, when one was found. */
  readonly file?: string;
}

function createAjv(): Ajv {
  return new Ajv({
    strict: false,
    allErrors: true,
    unicodeRegExp: false,
    validateSchema: false,
    logger: false,
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

/**
 * Validates objects against the schemas in one or more kubeconform-style folders (first folder
 * with a matching file wins).
 */
export class SchemaValidator {
  readonly dirs: readonly string[];

  constructor(options: { dirs: readonly string[] }) {
    this.dirs = options.dirs.map((dir) => resolve(dir));
  }

  /** The schema file for an object, or undefined (NOSCHEMA). */
  fileFor(apiVersion: string, kind: string): string | undefined {
    for (const dir of this.dirs) {
      const file = schemaFileFor(dir, apiVersion, kind);
      if (file !== undefined) return file;
    }
    return undefined;
  }

  validate(object: KubeObject): SchemaResult {
    const file = this.fileFor(object.apiVersion, object.kind);
    if (file === undefined) return { status: 'noschema', errors: [] };
    const validate = this.#compile(file);
    // Round-trip through JSON so undefined fields vanish as they would in YAML.
    const data = JSON.parse(JSON.stringify(object)) as unknown;
    if (validate(data)) return { status: 'valid', errors: [], file };
    return { status: 'invalid', errors: dedupe(validate.errors ?? []), file };
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
function dedupe(errors: readonly ErrorObject[]): { path: string; message: string }[] {
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
