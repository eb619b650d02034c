import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the real data servers (Kafka, Nessie, S3Proxy, Keycloak, Trino) share: where
 * `scripts/dataservers.mjs` cached them, which Java runs each, and a child process that is
 * stopped at exit. A missing Java or artifact is a skip reason on a contributor's machine and a
 * failure in CI (`CI=true`), where `.ci/run` fetches the artifacts first.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One entry of test/dataservers/artifacts.json. */
export interface DataServerSpec {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly classifier?: string;
  readonly extension?: string;
  /** The lowest Java feature release it runs on. */
  readonly java: number;
  readonly optional?: boolean;
}

export const DATA_SERVER_NAMES = ['kafka', 'nessie', 's3proxy', 'keycloak', 'trino'] as const;
export type DataServerName = (typeof DATA_SERVER_NAMES)[number];

export function dataServerSpec(name: DataServerName): DataServerSpec {
  const all = JSON.parse(readFileSync(join(root, 'test', 'dataservers', 'artifacts.json'), 'utf8')) as Record<DataServerName, DataServerSpec>;
  return all[name];
}

/** A reason to skip, or in CI (where everything must be there) the failure it is. */
export function unavailable(reason: string): string {
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: the real data servers must run here; .ci/run fetches them)`);
  return reason;
}

/** The folder of a fetched server, or why it is missing. */
export function artifactFolder(name: DataServerName): { folder: string } | { skip: string } {
  const spec = dataServerSpec(name);
  const folder = join(process.env.DATALYPTICA_DATASERVERS_CACHE ?? join(root, '.cache', 'dataservers'), name, spec.version);
  if (existsSync(join(folder, '.complete'))) return { folder };
  return { skip: unavailable(`${spec.groupId}:${spec.artifactId}:${spec.version} is not in the cache (node scripts/dataservers.mjs ${name})`) };
}

function featureOf(javaHome: string): number | undefined {
  const release = join(javaHome, 'release');
  if (!existsSync(release)) return undefined;
  const match = /^JAVA_VERSION="(\d+)/m.exec(readFileSync(release, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

function javaHomes(): string[] {
  const homes: string[] = [];
  if (process.env.JAVA_HOME) homes.push(process.env.JAVA_HOME);
  const which = spawnSync('which', ['java'], { encoding: 'utf8' });
  if (which.status === 0) homes.push(dirname(dirname(realpathSync(which.stdout.trim()))));
  const jvm = '/usr/lib/jvm';
  if (existsSync(jvm)) homes.push(...readdirSync(jvm).map((entry) => join(jvm, entry)));
  return [...new Set(homes)].filter((home) => existsSync(join(home, 'bin', 'java')));
}

/**
 * A `java` of at least this feature release: JAVA_HOME, the one on PATH, then the JDKs in
 * /usr/lib/jvm (the machine's Temurin 25 sits there beside the default 17); the lowest that fits.
 */
export function javaAtLeast(feature: number): { java: string; feature: number } | { skip: string } {
  const fitting = javaHomes()
    .map((home) => ({ home, feature: featureOf(home) }))
    .filter((h): h is { home: string; feature: number } => h.feature !== undefined && h.feature >= feature)
    .sort((a, b) => a.feature - b.feature);
  const best = fitting[0];
  if (best === undefined) return { skip: unavailable(`no Java ${feature}+ found (JAVA_HOME, PATH, /usr/lib/jvm)`) };
  return { java: join(best.home, 'bin', 'java'), feature: best.feature };
}

/** What a server needs to run: its Java and its files, or why not. */
export function serverRuntime(name: DataServerName): { java: string; folder: string; version: string } | { skip: string } {
  const spec = dataServerSpec(name);
  const java = javaAtLeast(spec.java);
  if ('skip' in java) return { skip: `${name} ${spec.version} needs Java ${spec.java}: ${java.skip}` };
  const artifact = artifactFolder(name);
  if ('skip' in artifact) return artifact;
  return { java: java.java, folder: artifact.folder, version: spec.version };
}

const running = new Set<ChildProcess>();
let hooked = false;

/** A server process whose output goes to `log`; killed at exit if a test forgets to stop it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly log: string;
  /** Whether it has exited (a readiness wait stops early then). */
  exited(): boolean;
  /** The last lines of its log, for an error message. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(options: { command: string; args: readonly string[]; log: string; cwd?: string; env?: NodeJS.ProcessEnv }): ServerProcess {
  const fd = openSync(options.log, 'a');
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  if (!hooked) {
    hooked = true;
    const killAll = () => {
      for (const c of running) c.kill('SIGKILL');
    };
    process.on('exit', killAll);
    // The test runner stops a file's process with a signal (timeout, cancel): no server may outlive it.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        killAll();
        process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
      });
    }
  }
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return {
    child,
    log: options.log,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    tail: (lines = 30) => (existsSync(options.log) ? readFileSync(options.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : ''),
    stop: async (graceMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Polls `ready` until it returns true; fails with the server's log tail when the process exits
 * or the time runs out.
 */
export async function waitUntil(server: ServerProcess, what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exited()) throw new Error(`${what} exited before it was ready; its log ends:\n${server.tail()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms; its log ends:\n${server.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A started server that answered its readiness check, and how to end it. */
export interface LaunchedServer {
  readonly server: ServerProcess;
  /** Stops the process (SIGTERM, then SIGKILL after the grace) and removes its temp folder. */
  stop(): Promise<void>;
}

/**
 * The start every data server shares: the process (output to `process.log`), a readiness wait of
 * `timeoutMs`, and on failure the process stopped and its temp folder `dir` removed before the
 * error (with the log tail) is thrown.
 */
export async function launchServer(options: {
  readonly what: string;
  readonly dir: string;
  readonly process: Parameters<typeof startProcess>[0];
  readonly ready: () => Promise<boolean>;
  readonly timeoutMs: number;
  /** @default 15_000 */
  readonly stopGraceMs?: number;
}): Promise<LaunchedServer> {
  const server = startProcess(options.process);
  const stop = async () => {
    await server.stop(options.stopGraceMs);
    rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(server, options.what, options.ready, options.timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, stop };
}

/** True once GET `url` answers with a status below 500. */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.status < 500;
}
