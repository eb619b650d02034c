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

/** Bump when what a stored entry means changes (its fields, how an entry's key is made, the file's format). */
const STORE_VERSION = '2';
/** Entries kept: well above the objects of one large platform, so the file stays a few megabytes at most. */
const MAX_ENTRIES = 50_000;
/** One entry a line, `key<TAB>errors as JSON` (null: valid): loading splits lines and parses only the entries used. */
const FILE = `results-v${STORE_VERSION}.txt`;

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
  /** Each entry's errors as JSON text, parsed when looked up. */
  #entries: Map<string, string> | undefined;
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
    const text = this.#load().get(key);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as StoredError[] | null;
    } catch {
      return undefined;
    }
  }

  set(key: string, errors: StoredError[] | null): void {
    const entries = this.#load();
    if (!this.#saveAtExit) {
      this.#saveAtExit = true;
      process.once('exit', () => this.flush());
    }
    entries.set(key, JSON.stringify(errors));
    this.#added++;
  }

  #load(): Map<string, string> {
    if (this.#entries !== undefined) return this.#entries;
    this.#entries = new Map();
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch {
      return this.#entries;
    }
    for (const line of text.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) this.#entries.set(line.slice(0, tab), line.slice(tab + 1));
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
      writeFileSync(temp, kept.map(([key, errors]) => `${key}\t${errors}\n`).join(''));
      renameSync(temp, this.#file);
    } catch {
      // The store is an optimisation only.
    }
    this.#added = 0;
    this.#saveAtExit = false;
  }
}
