import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateAuthority } from './certificates.ts';
import { launchServer, serverRuntime } from './jvm.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';

/** A real Trino coordinator (io.trino:trino-server from Maven Central) on loopback. */
export interface LiveTrino {
  /** The plain-HTTP port (the nodes' internal port when authentication is on). */
  readonly port: number;
  /** With `https`: the HTTPS port and the PEM CA that signed its certificate. */
  readonly https?: { readonly port: number; readonly ca: string };
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
    /**
     * Serve HTTPS too, as the rendered coordinator does (`http-server.https.*` with a PEM keystore:
     * key and certificate in one file), with a certificate of a test CA for these DNS names (and 127.0.0.1).
     */
    https?: { readonly dnsNames: readonly string[] };
    /**
     * More files in the etc folder, as the rendered ConfigMap holds them (`access-control.properties`,
     * `rules.json`, `group-provider.properties`, `groups.txt`); `/etc/trino/`, the pod's config folder, in
     * their content becomes the test's etc folder.
     */
    files?: Readonly<Record<string, string>>;
    /** More plugin folders to load besides the catalogs' connectors (`password-authenticators` holds the file group provider). */
    plugins?: readonly string[];
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
  for (const connector of new Set([...Object.values(catalogs).map((c) => c['connector.name']!), ...(options.plugins ?? [])])) symlinkSync(join(home, 'plugin', connector), join(plugins, connector));
  const lines = (entries: Record<string, string>) => `${Object.entries(entries).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
  for (const [name, properties] of Object.entries(catalogs)) writeFileSync(join(etc, 'catalog', `${name}.properties`), lines(properties));
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(etc, name), content.replaceAll('/etc/trino/', `${etc}/`));
  const https = options.https === undefined ? undefined : await serverCertificate(dir, options.https.dnsNames);
  writeFileSync(
    join(etc, 'config.properties'),
    lines({
      ...options.config,
      ...(https === undefined
        ? {}
        : { 'http-server.https.enabled': 'true', 'http-server.https.port': String(https.port), 'http-server.https.keystore.path': https.keystore }),
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
      // memory connector then fails with NO_NODES_AVAILABLE; with one node there is nothing to detect. (A node's
      // discovery announcement can still lapse under load: the probe runs such a refused statement again.)
      'failure-detector.enabled': 'false',
    }),
  );
  writeFileSync(join(etc, 'node.properties'), lines({ 'node.environment': 'test', 'node.id': 'datalyptica-test', 'node.data-dir': join(dir, 'data') }));
  writeFileSync(join(etc, 'log.properties'), lines({ 'io.trino': 'INFO' }));
  const { stop } = await launchServer({
    what: `Trino ${runtime.version}`,
    dir,
    process: {
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
    },
    ready: async () => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/info`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200 && ((await response.json()) as { starting?: boolean }).starting === false;
    },
    timeoutMs: 600_000,
  });
  return { port, ...(https === undefined ? {} : { https: { port: https.port, ca: https.ca } }), version: runtime.version, stop };
}

/** A test CA, a certificate it signs for `dnsNames` and 127.0.0.1, and the combined PEM keystore Trino reads. */
async function serverCertificate(dir: string, dnsNames: readonly string[]): Promise<{ port: number; keystore: string; ca: string }> {
  const authority = new CertificateAuthority(dir, 'trino-test-ca');
  const leaf = authority.issue('trino', [...dnsNames.map((name) => `DNS:${name}`), 'IP:127.0.0.1']);
  const keystore = join(dir, 'combined.pem');
  // What the rendered init container writes: the key, then the certificate.
  writeFileSync(keystore, `${leaf.key}${leaf.cert}`);
  return { port: await freePort(), keystore, ca: authority.cert };
}
