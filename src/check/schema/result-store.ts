import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What Ajv said about an object, as much as the check's messages need (see `dedupe` in validator.ts). */
export interface StoredError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** Bump when what a stored entry means changes (its fields, or how an entry's key is made). */
const STORE_VERSION = '1';
/** Entries kept: well above the objects of one large platform, so the file stays a few megabytes at most. */
const MAX_ENTRIES = 50_000;
const FILE = `results-v${STORE_VERSION}.json`;

/**
 * The schema errors of objects already validated, on disk beside the compiled validators, so a warm `check` of an
 * unchanged platform does not load a validator at all: loading one from the cache still costs reading its code and
 * V8 deserialising its code cache, a few hundred milliseconds for the default platform's 50-odd kinds, while an
 * object's validation result is a pure function of the object and the validator.
 *
 * An entry's key is the object's JSON plus everything its validator depends on: the schema file (path, size and
 * modification time, as make and ESLint's cache decide staleness), `salt` (the compile cache's version, the Ajv
 * version and the formats) — so a changed schema, Ajv or format gives a new key and the object is validated again.
 * Raw Ajv errors are kept, so a change in how they are turned into messages needs no bump. Unreadable or unwritable
 * files only make every lookup a miss.
 */
export class ResultStore {
  readonly #file: string;
  readonly #salt: string;
  #entries: Map<string, StoredError[] | null> | undefined;
  #added = 0;
  #saveAtExit = false;
  readonly #fileIds = new Map<string, string>();

  constructor(dir: string, salt: string) {
    this.#file = join(dir, FILE);
    this.#salt = salt;
  }

  /** The key of `object` (already JSON text) validated against `schemaFile`; undefined when the file cannot be read. */
  keyOf(schemaFile: string, json: string): string | undefined {
    let id = this.#fileIds.get(schemaFile);
    if (id === undefined) {
      try {
        const stat = statSync(schemaFile, { bigint: true });
        id = `${schemaFile}\0${stat.size}\0${stat.mtimeNs}`;
      } catch {
        return undefined;
      }
      this.#fileIds.set(schemaFile, id);
    }
    // 128 bits of the hash: collision-free in practice for the entries kept, and half the file.
    return createHash('sha256').update(`${this.#salt}\0${id}\0${json}`).digest('base64').slice(0, 22);
  }

  /** The stored errors (null: valid), or undefined when the object was not validated before. */
  get(key: string): StoredError[] | null | undefined {
    return this.#load().get(key);
  }

  set(key: string, errors: StoredError[] | null): void {
    const entries = this.#load();
    if (!this.#saveAtExit) {
      this.#saveAtExit = true;
      process.once('exit', () => this.flush());
    }
    entries.set(key, errors);
    this.#added++;
  }

  #load(): Map<string, StoredError[] | null> {
    if (this.#entries !== undefined) return this.#entries;
    try {
      this.#entries = new Map(Object.entries(JSON.parse(readFileSync(this.#file, 'utf8')) as Record<string, StoredError[] | null>));
    } catch {
      this.#entries = new Map();
    }
    return this.#entries;
  }

  /** Writes the entries added since the last write (done at exit, like the V8 code caches), the newest when over the bound. */
  flush(): void {
    if (this.#added === 0 || this.#entries === undefined) return;
    const all = [...this.#entries];
    const kept = all.length > MAX_ENTRIES ? all.slice(all.length - MAX_ENTRIES) : all;
    try {
      mkdirSync(join(this.#file, '..'), { recursive: true });
      const temp = `${this.#file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(Object.fromEntries(kept)));
      renameSync(temp, this.#file);
    } catch {
      // The store is an optimisation only.
    }
    this.#added = 0;
    this.#saveAtExit = false;
  }
}
