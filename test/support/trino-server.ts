import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverRuntime, startProcess, waitUntil } from './jvm.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';

/** A real Trino coordinator (io.trino:trino-server from Maven Central) on loopback. */
export interface LiveTrino {
  readonly port: number;
  readonly version: string;
  stop(): Promise<void>;
}

/**
 * One coordinator that also schedules work on itself, with a small heap and only the plugins the
 * catalogs need (loading all ~60 is most of Trino's start time): by default the `memory` catalog.
 * Runs the server's main class directly (what `bin/launcher` execs) on the machine's Java 24+.
 * @see https://trino.io/docs/current/installation/deployment.html
 */
export async function startTrino(
  options: {
    catalogs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    /** More coordinator settings (authentication...); the port, discovery, plugin and memory settings stay the test's. */
    config?: Readonly<Record<string, string>>;
  } = {},
): Promise<LiveTrino | string> {
  const runtime = serverRuntime('trino');
  if ('skip' in runtime) return runtime.skip;
  const home = join(runtime.folder, `trino-server-${runtime.version}`);
  const dir = tempDir('datalyptica-trino-');
  const port = await freePort();
  const catalogs = options.catalogs ?? { memory: { 'connector.name': 'memory' } };
  const etc = join(dir, 'etc');
  mkdirSync(join(etc, 'catalog'), { recursive: true });
  const plugins = join(dir, 'plugin');
  mkdirSync(plugins);
  for (const connector of new Set(Object.values(catalogs).map((c) => c['connector.name']!))) symlinkSync(join(home, 'plugin', connector), join(plugins, connector));
  const lines = (entries: Record<string, string>) => `${Object.entries(entries).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
  for (const [name, properties] of Object.entries(catalogs)) writeFileSync(join(etc, 'catalog', `${name}.properties`), lines(properties));
  writeFileSync(
    join(etc, 'config.properties'),
    lines({
      ...options.config,
      coordinator: 'true',
      'node-scheduler.include-coordinator': 'true',
      'http-server.http.port': String(port),
      'discovery.uri': `http://127.0.0.1:${port}`,
      'plugin.dir': plugins,
      'catalog.config-dir': join(etc, 'catalog'),
      'query.max-memory': '256MB',
      'query.max-memory-per-node': '256MB',
      'memory.heap-headroom-per-node': '128MB',
      // On a loaded machine the heartbeat failure detector can declare the only node gone for a moment, and the
      // memory connector then fails with NO_NODES_AVAILABLE; with one node there is nothing to detect.
      'failure-detector.enabled': 'false',
    }),
  );
  writeFileSync(join(etc, 'node.properties'), lines({ 'node.environment': 'test', 'node.id': 'datalyptica-test', 'node.data-dir': join(dir, 'data') }));
  writeFileSync(join(etc, 'log.properties'), lines({ 'io.trino': 'INFO' }));
  const server = startProcess({
    command: runtime.java,
    args: [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djdk.attach.allowAttachSelf=true',
      `-Dconfig=${join(etc, 'config.properties')}`,
      `-Dlog.levels-file=${join(etc, 'log.properties')}`,
      `-Dnode.environment=test`,
      '-cp',
      join(home, 'lib', '*'),
      'io.trino.server.TrinoServer',
    ],
    cwd: dir,
    log: join(dir, 'trino.log'),
  });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      server,
      `Trino ${runtime.version}`,
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/v1/info`, { signal: AbortSignal.timeout(2000) });
        return response.status === 200 && ((await response.json()) as { starting?: boolean }).starting === false;
      },
      600_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, version: runtime.version, stop };
}
