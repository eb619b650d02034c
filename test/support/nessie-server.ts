import { join } from 'node:path';
import { launchServer, serverRuntime } from './jvm.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';

/** A real Nessie server (its Quarkus runner jar) on loopback. */
export interface LiveNessie {
  /** The REST API port (`quarkus.http.port`). */
  readonly port: number;
  /** The management port: health and metrics (`quarkus.management.port`). */
  readonly managementPort: number;
  readonly version: string;
  stop(): Promise<void>;
}

/**
 * Starts Nessie's runner jar with these Quarkus/Nessie properties (as system properties, which
 * win over its built-in application.properties) on 127.0.0.1, an in-memory version store unless
 * `properties` says otherwise, and waits until its readiness check is UP.
 * @see https://projectnessie.org/nessie-latest/configuration/
 */
export async function startNessie(options: { properties?: Readonly<Record<string, string>> } = {}): Promise<LiveNessie | string> {
  const runtime = serverRuntime('nessie');
  if ('skip' in runtime) return runtime.skip;
  const dir = tempDir('datalyptica-nessie-');
  const [port, managementPort] = [await freePort(), await freePort()];
  const properties: Record<string, string> = {
    'nessie.version.store.type': 'IN_MEMORY',
    ...options.properties,
    'quarkus.http.host': '127.0.0.1',
    'quarkus.http.port': String(port),
    'quarkus.management.host': '127.0.0.1',
    'quarkus.management.port': String(managementPort),
    'quarkus.log.console.json': 'false',
  };
  const { stop } = await launchServer({
    what: `Nessie ${runtime.version}`,
    dir,
    process: {
      command: runtime.java,
      args: ['-Xms64m', '-Xmx384m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', ...Object.entries(properties).map(([k, v]) => `-D${k}=${v}`), '-jar', join(runtime.folder, `nessie-quarkus-${runtime.version}-runner.jar`)],
      log: join(dir, 'nessie.log'),
    },
    ready: async () => {
      const response = await fetch(`http://127.0.0.1:${managementPort}/q/health/ready`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200 && (await response.text()).includes('UP');
    },
    timeoutMs: 600_000,
  });
  return { port, managementPort, version: runtime.version, stop };
}
