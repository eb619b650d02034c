import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { join } from 'node:path';
import { SETTINGS_FILE } from '../../src/components/jupyterhub/hub-config.ts';
import { JUPYTERHUB_PORT } from '../../src/components/jupyterhub/versions.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';
import { processGroup } from './process-group.ts';
import { pythonServer } from './python-venv.ts';

const JUPYTERHUB_SERVER = pythonServer({ venv: 'jupyterhub', executable: 'jupyterhub', envVar: 'DATALYPTICA_JUPYTERHUB' });

/** How to install the hub the way `.ci/run` does (the hub image's JupyterHub and OAuthenticator). */
export const JUPYTERHUB_INSTALL = JUPYTERHUB_SERVER.install;

/** `jupyterhub` from `.cache/jupyterhub-venv` or `DATALYPTICA_JUPYTERHUB`. */
export function jupyterhubBinary(): string | undefined {
  return JUPYTERHUB_SERVER.binary();
}

export interface LiveJupyterhub {
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly log: () => string;
  stop(): Promise<void>;
}

/**
 * A stand-in for configurable-http-proxy's REST API (the hub only lists, adds and deletes routes
 * through it at start): the hub is reached on its own port, not through a proxy.
 */
async function proxyApiStandIn(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(req.method === 'DELETE' ? 204 : 201).end();
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * The real JupyterHub with the rendered jupyterhub_config.py and settings.json. Only what names the
 * cluster changes: the database is SQLite in a temp folder, the hub binds to a loopback port, the
 * proxy API is a stand-in, and the spawner is JupyterHub's own (KubeSpawner needs a cluster; its
 * traits stay set and unused). Secrets are the test's values in the environment (`overrides`, e.g.
 * the realm client's secret, else random).
 */
export async function startJupyterhub(rendered: { config: string; settings: string }, overrides: Readonly<Record<string, string>> = {}): Promise<LiveJupyterhub | { skip: string }> {
  const binary = jupyterhubBinary();
  if (binary === undefined) {
    const reason = `no JupyterHub here: install it with ${JUPYTERHUB_INSTALL} (or set DATALYPTICA_JUPYTERHUB)`;
    if (process.env['CI'] === 'true') throw new Error(`${reason} (CI=true: the real hub must run here; .ci/run installs it)`);
    return { skip: reason };
  }
  const dir = tempDir('datalyptica-jupyterhub-');
  const port = await freePort();
  const proxy = await proxyApiStandIn();
  const settings = JSON.parse(rendered.settings) as Record<string, unknown>;
  settings['dbUrl'] = `sqlite:///${join(dir, 'jupyterhub.sqlite')}`;
  settings['proxyApiUrl'] = proxy.url;
  settings['hubConnectUrl'] = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
  const config = rendered.config
    .replace(JSON.stringify(SETTINGS_FILE), JSON.stringify(join(dir, 'settings.json')))
    .replace(`"http://:${JUPYTERHUB_PORT.hub}"`, `"http://127.0.0.1:${port}"`)
    .replace('c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"', 'c.JupyterHub.spawner_class = "simple"');
  writeFileSync(join(dir, 'jupyterhub_config.py'), config);
  const env: Record<string, string> = {
    CONFIGPROXY_AUTH_TOKEN: randomBytes(16).toString('hex'),
    JPY_COOKIE_SECRET: randomBytes(32).toString('hex'),
    JUPYTERHUB_CRYPT_KEY: randomBytes(32).toString('hex'),
    JUPYTERHUB_METRICS_TOKEN: randomBytes(16).toString('hex'),
    JUPYTERHUB_VALIDATE_TOKEN: randomBytes(16).toString('hex'),
    JUPYTERHUB_ADMIN_PASSWORD: randomBytes(24).toString('hex'),
    JUPYTERHUB_USER_PASSWORD: randomBytes(12).toString('hex'),
    OAUTH_CLIENT_SECRET: randomBytes(16).toString('hex'),
    ...overrides,
  };
  let output = '';
  const child: ChildProcess = spawn(binary, ['--config', join(dir, 'jupyterhub_config.py')], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  // The hub stops what it spawned on SIGTERM itself; the group is killed only if it does not end in time.
  const group = processGroup(child, { term: 'leader' });
  const stop = async () => {
    proxy.close();
    await group.stop();
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      proxy.close();
      throw new Error(`jupyterhub exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/hub/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyterhub did not answer /hub/health within 120 s:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { port, env, log: () => output, stop };
}
