import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { launchServer, serverRuntime } from './jvm.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';

/** A real Keycloak (the Quarkus distribution from Maven Central) on loopback. */
export interface LiveKeycloak {
  readonly port: number;
  readonly version: string;
  /** Creates a realm from its representation (what a KeycloakRealmImport's `spec.realm` holds) through the admin REST API. */
  importRealm(realm: unknown): Promise<void>;
  stop(): Promise<void>;
}

/** What a rendered `KeycloakRealmImport` holds: the realm, and for each `${NAME}` in it the Secret key that fills it. */
export interface RealmImportSpec {
  readonly realm: unknown;
  readonly placeholders: Readonly<Record<string, { readonly secret: { readonly name: string; readonly key: string } }>>;
}

/**
 * Imports a rendered realm the way the Keycloak operator does: each placeholder gets its Secret's value (here a fresh
 * random one). Returns the client secrets by client id (the `sso-client-<id>` Secrets), for the tests' token requests.
 * @see https://www.keycloak.org/operator/realm-import
 */
export async function importRenderedRealm(keycloak: LiveKeycloak, spec: RealmImportSpec): Promise<Map<string, string>> {
  const values: Record<string, string> = {};
  const clientSecrets = new Map<string, string>();
  for (const [placeholder, { secret }] of Object.entries(spec.placeholders)) {
    values[placeholder] = randomBytes(24).toString('base64url');
    if (secret.name.startsWith('sso-client-')) clientSecrets.set(secret.name.slice('sso-client-'.length), values[placeholder]);
  }
  await keycloak.importRealm(JSON.parse(JSON.stringify(spec.realm).replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole)));
  return clientSecrets;
}

/**
 * Copies the distribution to a temp dir (Keycloak writes under its home), starts the prebuilt
 * server (`kc.sh start --optimized`, plain HTTP) on 127.0.0.1 with its in-memory database and a
 * bootstrap admin, and the
 * hostname settings the platform's Keycloak CR uses: tokens carry the public `hostname` as issuer
 * while the backchannel (discovery, token, keys) answers on whatever address a client used.
 * @see https://www.keycloak.org/server/hostname
 */
export async function startKeycloak(options: { hostname: string }): Promise<LiveKeycloak | string> {
  const runtime = serverRuntime('keycloak');
  if ('skip' in runtime) return runtime.skip;
  const dir = tempDir('datalyptica-keycloak-');
  const home = join(dir, `keycloak-${runtime.version}`);
  execFileSync('cp', ['-a', join(runtime.folder, `keycloak-${runtime.version}`), home]);
  const [port, management] = [await freePort(), await freePort()];
  const admin = { username: 'bootstrap-admin', password: randomBytes(18).toString('hex') };
  const base = `http://127.0.0.1:${port}`;
  const { stop } = await launchServer({
    what: `Keycloak ${runtime.version}`,
    dir,
    process: {
      command: join(home, 'bin', 'kc.sh'),
      args: [
        // Built by scripts/dataservers.mjs with --db=dev-mem --health-enabled=true (artifacts.json).
        'start',
        '--optimized',
        '--http-enabled=true',
        '--http-host=127.0.0.1',
        `--http-port=${port}`,
        `--http-management-port=${management}`,
        `--hostname=${options.hostname}`,
        '--hostname-backchannel-dynamic=true',
      ],
      log: join(dir, 'keycloak.log'),
      env: {
        ...process.env,
        JAVA_HOME: dirname(dirname(runtime.java)),
        JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx512m',
        KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
        KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      },
    },
    ready: async () => (await fetch(`http://127.0.0.1:${management}/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
    timeoutMs: 600_000,
    stopGraceMs: 20_000,
  });
  const adminToken = async () => {
    const response = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: admin.username, password: admin.password }),
    });
    if (response.status !== 200) throw new Error(`Keycloak admin login answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  return {
    port,
    version: runtime.version,
    importRealm: async (realm) => {
      const response = await fetch(`${base}/admin/realms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
        body: JSON.stringify(realm),
      });
      if (response.status !== 201) throw new Error(`Keycloak refused the realm (${response.status}): ${await response.text()}`);
    },
    stop,
  };
}
