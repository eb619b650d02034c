import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one schema URL gave: a file on disk, a definite "no such schema" (404), or nothing (offline, 5xx, timeout). */
export type RemoteSchema =
  | { readonly status: 'found'; readonly file: string; readonly cached: boolean }
  | { readonly status: 'missing'; readonly cached: boolean }
  | { readonly status: 'unreachable'; readonly reason: string };

export interface RemoteStoreOptions {
  /** Cache folder; see defaultSchemaCacheDir. */
  readonly cacheDir: string;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

/**
 * The user's cache folder for downloaded schemas: `$XDG_CACHE_HOME/datalyptica/schemas`, else
 * `~/.cache/datalyptica/schemas` (XDG Base Directory spec).
 * @see https://specifications.freedesktop.org/basedir-spec/latest/
 */
export function defaultSchemaCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] !== undefined && env['XDG_CACHE_HOME'] !== '' ? env['XDG_CACHE_HOME'] : join(env['HOME'] ?? homedir(), '.cache');
  return join(base, 'datalyptica', 'schemas');
}

/** Cache file names: the URL's SHA-256, `.json` for a schema, `.missing` for a 404. */
function cacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

/**
 * Downloads schema URLs into the cache folder, reusing what is already there (schemas at a URL
 * are treated as immutable; delete the folder to refresh). Never throws for network problems:
 * those come back as `unreachable` so `check` can say which kinds went unchecked.
 */
export async function fetchSchemas(urls: Iterable<string>, options: RemoteStoreOptions): Promise<Map<string, RemoteSchema>> {
  const cacheDir = writableDir(options.cacheDir);
  const results = new Map<string, RemoteSchema>();
  const pending: string[] = [];
  for (const url of new Set(urls)) {
    const key = cacheKey(url);
    if (existsSync(join(cacheDir, `${key}.json`))) results.set(url, { status: 'found', file: join(cacheDir, `${key}.json`), cached: true });
    else if (existsSync(join(cacheDir, `${key}.missing`))) results.set(url, { status: 'missing', cached: true });
    else pending.push(url);
  }
  // A host that failed at the network level (DNS, refused, timeout) is not asked again this run:
  // offline, one failure per host instead of one timeout per kind.
  const deadHosts = new Map<string, string>();
  const worker = async (): Promise<void> => {
    for (let url = pending.shift(); url !== undefined; url = pending.shift()) {
      const host = new URL(url).host;
      const dead = deadHosts.get(host);
      const result: RemoteSchema = dead !== undefined ? { status: 'unreachable', reason: dead } : await download(url, cacheDir, options);
      if (result.status === 'unreachable' && !result.reason.startsWith('HTTP ')) deadHosts.set(host, result.reason);
      results.set(url, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, pending.length) }, worker));
  return results;
}

async function download(url: string, cacheDir: string, options: RemoteStoreOptions): Promise<RemoteSchema> {
  const key = cacheKey(url);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 'unreachable', reason: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
  if (response.status === 404) {
    store(join(cacheDir, `${key}.missing`), url);
    return { status: 'missing', cached: false };
  }
  if (!response.ok) return { status: 'unreachable', reason: `HTTP ${response.status}` };
  const text = await response.text();
  try {
    JSON.parse(text);
  } catch {
    return { status: 'unreachable', reason: 'the response is not JSON' };
  }
  const file = join(cacheDir, `${key}.json`);
  store(file, text);
  return { status: 'found', file, cached: false };
}

/** Atomic write (temp + rename), so a concurrent `check` never reads half a schema. */
function store(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** The cache folder, or a per-run temp folder when it cannot be created (read-only home). */
function writableDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return mkdtempSync(join(tmpdir(), 'datalyptica-schemas-'));
  }
}
