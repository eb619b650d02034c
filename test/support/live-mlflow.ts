import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';
import { processGroup } from './process-group.ts';
import { pythonServer } from './python-venv.ts';

const MLFLOW_SERVER = pythonServer({ venv: 'mlflow', executable: 'mlflow', envVar: 'DATALYPTICA_MLFLOW' });

/**
 * A real MLflow tracking server for probe tests, from PyPI: `mlflow-skinny` plus the server's own
 * imports (test/support/mlflow-requirements.txt) in a virtualenv at `.cache/mlflow-venv`, which
 * `.ci/run` installs, or the executable named by `DATALYPTICA_MLFLOW`. Without it the helper
 * returns a skip reason, except in CI (`CI=true`), where a missing server is a failure.
 */
export function mlflowBinary(): string | undefined {
  return MLFLOW_SERVER.binary();
}

export interface LiveMlflow {
  readonly port: number;
  readonly admin: { readonly username: string; readonly password: string };
  readonly log: () => string;
  stop(): Promise<void>;
}

/** How to install the server the way `.ci/run` does. */
export const MLFLOW_INSTALL = MLFLOW_SERVER.install;

/**
 * `mlflow server` with the basic-auth app (admin account from an ini file, as the platform renders
 * it) or, with `auth: 'none'`, the plain app the platform runs behind oauth2-proxy; a SQLite
 * backend store, proxied artifacts to a local folder (`--serve-artifacts`), and
 * `MLFLOW_SERVER_ALLOWED_HOSTS` naming the in-cluster Host header the probe sends.
 */
export async function startMlflow(options: { allowedHosts: string; auth?: 'basic' | 'none' }): Promise<LiveMlflow | { skip: string }> {
  const binary = mlflowBinary();
  if (binary === undefined) {
    const reason = `no MLflow here: install it with ${MLFLOW_INSTALL} (or set DATALYPTICA_MLFLOW)`;
    if (process.env['CI'] === 'true') throw new Error(`${reason} (CI=true: the real MLflow server must run here; .ci/run installs it)`);
    return { skip: reason };
  }
  const basicAuth = (options.auth ?? 'basic') === 'basic';
  const dir = tempDir('datalyptica-mlflow-');
  const admin = { username: 'admin', password: 'validate-admin-password-1234' };
  const authConfig = join(dir, 'basic_auth.ini');
  writeFileSync(
    authConfig,
    ['[mlflow]', 'default_permission = READ', `database_uri = sqlite:///${join(dir, 'auth.db')}`, `admin_username = ${admin.username}`, `admin_password = ${admin.password}`, 'authorization_function = mlflow.server.auth:authenticate_request_basic_auth', ''].join('\n'),
  );
  const port = await freePort();
  const args = ['server', ...(basicAuth ? ['--app-name', 'basic-auth'] : []), '--host', '127.0.0.1', '--port', String(port), '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`, '--artifacts-destination', join(dir, 'artifacts'), '--serve-artifacts', '--workers', '1'];
  let output = '';
  const child: ChildProcess = spawn(binary, args, {
    cwd: dir,
    env: { ...process.env, MLFLOW_AUTH_CONFIG_PATH: authConfig, MLFLOW_SERVER_ALLOWED_HOSTS: options.allowedHosts, MLFLOW_FLASK_SERVER_SECRET_KEY: randomBytes(24).toString('hex'), MLFLOW_TRACKING_URI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also ends the web server workers it starts.
    detached: true,
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  // The server runs workers in its own children: end the group it leads.
  const { stop } = processGroup(child);
  // Ready when /health answers (the backend store is migrated by then).
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mlflow server exited with ${child.exitCode}:\n${output.slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`, { headers: { host: 'localhost' } }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`mlflow server did not answer /health within 180 s:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { port, admin, log: () => output, stop };
}
