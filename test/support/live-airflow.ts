import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';
import { processGroup } from './process-group.ts';
import { pythonServer } from './python-venv.ts';

const AIRFLOW_SERVER = pythonServer({ venv: 'airflow', executable: 'airflow', envVar: 'DATALYPTICA_AIRFLOW' });

const run = promisify(execFile);

/** How to install Airflow the way `.ci/run` does (the platform's Airflow and the FAB provider with its OAuth extra). */
export const AIRFLOW_INSTALL = AIRFLOW_SERVER.install;

/** `airflow` from `.cache/airflow-venv` or `DATALYPTICA_AIRFLOW`. */
export function airflowBinary(): string | undefined {
  return AIRFLOW_SERVER.binary();
}

/** What the suite takes from the render: the migration Job's script, its plain env values and webserver_config.py. */
export interface RenderedAirflow {
  readonly migrateScript: string;
  readonly env: Readonly<Record<string, string>>;
  readonly webserverConfig: string;
}

export interface LiveAirflow {
  readonly port: number;
  readonly log: () => string;
  /** Runs the rendered migration script again (as a new migration Job would), with these env overrides. */
  migrate(overrides: Readonly<Record<string, string>>): Promise<void>;
  stop(): Promise<void>;
}

/** The rendered settings that name only the cluster (executor, S3 logs, StatsD, pod template) stay out: no cluster here. */
const TAKEN_FROM_RENDER = ['AIRFLOW__CORE__AUTH_MANAGER', 'AIRFLOW__CORE__LOAD_EXAMPLES', 'AIRFLOW__API__EXPOSE_CONFIG'];

/**
 * The real Airflow 3 api-server with the FAB auth manager: the rendered migration script runs with
 * `bash` (`airflow db migrate`, then the validate user as the Job makes it) against SQLite, one DAG
 * file is serialized into the metadata database (`airflow dags reserialize`, the dag-processor's
 * work, which does not run here), and `airflow api-server` serves the rendered webserver_config.py
 * from `$AIRFLOW_HOME`, as the image reads it.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/cli-and-env-variables-ref.html
 */
export async function startAirflow(rendered: RenderedAirflow, secrets: Readonly<Record<string, string>>, dags: Readonly<Record<string, string>>): Promise<LiveAirflow | { skip: string }> {
  const binary = airflowBinary();
  if (binary === undefined) {
    const reason = `no Airflow here: install it with ${AIRFLOW_INSTALL} (or set DATALYPTICA_AIRFLOW)`;
    if (process.env['CI'] === 'true') throw new Error(`${reason} (CI=true: the real Airflow api-server must run here; .ci/run installs it)`);
    return { skip: reason };
  }
  const home = tempDir('datalyptica-airflow-');
  const dagsFolder = join(home, 'dags');
  mkdirSync(dagsFolder);
  for (const [file, text] of Object.entries(dags)) writeFileSync(join(dagsFolder, file), text);
  writeFileSync(join(home, 'webserver_config.py'), rendered.webserverConfig);
  const taken = Object.fromEntries(TAKEN_FROM_RENDER.filter((k) => rendered.env[k] !== undefined).map((k) => [k, rendered.env[k]!]));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // The script calls `airflow` by name, as in the image.
    PATH: `${dirname(binary)}:${process.env['PATH'] ?? ''}`,
    ...taken,
    AIRFLOW_HOME: home,
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${join(home, 'airflow.db')}`,
    AIRFLOW__CORE__DAGS_FOLDER: dagsFolder,
    AIRFLOW__API__SECRET_KEY: randomBytes(24).toString('hex'),
    AIRFLOW__API_AUTH__JWT_SECRET: randomBytes(24).toString('hex'),
    AIRFLOW_OIDC_CLIENT_SECRET: randomBytes(16).toString('hex'),
    ...secrets,
  };
  const migrate = async (overrides: Readonly<Record<string, string>>) => {
    await run('bash', ['-c', rendered.migrateScript], { cwd: home, env: { ...env, ...overrides }, maxBuffer: 64 * 1024 * 1024 }).catch((e: Error & { stderr?: string }) => {
      throw new Error(`the rendered migration script failed: ${e.message}\n${(e.stderr ?? '').slice(-3000)}`, { cause: e });
    });
  };
  await migrate({});
  await run(binary, ['dags', 'reserialize'], { cwd: home, env, maxBuffer: 64 * 1024 * 1024 });
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(binary, ['api-server', '--host', '127.0.0.1', '--port', String(port), '--workers', '1'], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  // uvicorn runs its worker in a child: end the process group the api-server leads.
  const { stop } = processGroup(child);
  // Ready when the health endpoint answers (it reads the metadata database).
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`airflow api-server exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v2/monitor/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`airflow api-server did not answer /api/v2/monitor/health within 180 s:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { port, log: () => output, migrate, stop };
}
