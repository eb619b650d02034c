import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { unavailable as missingInCi, startProcess } from './jvm.ts';
import { tempDir } from './temp.ts';

/**
 * Real PostgreSQL and Redis servers for probe tests, from the Debian packages (`.ci/run`
 * installs `postgresql` and `redis-server` when missing). When the binaries are absent the
 * helpers return a skip reason instead of a server, so the tests say why they did not run.
 */

/** A free TCP port on 127.0.0.1 (bound and released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export interface LivePostgres {
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  stop(): Promise<void>;
}

/**
 * initdb in a temp dir, postgres on 127.0.0.1:<random> (and a Unix socket in the dir) with
 * scram-sha-256 for TCP, a login role with a random password and its own database. initdb
 * refuses to run as root, so as root it runs as the `postgres` user the package creates.
 */
export async function startPostgres(): Promise<LivePostgres | string> {
  const bin = postgresBin();
  if (bin === undefined) return 'PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)';
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  const dir = tempDir('datalyptica-pg-');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'log'), '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`]);
  const stop = async () => {
    try {
      run('pg_ctl', ['stop', '-m', 'immediate', '-D', data]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const password = randomBytes(18).toString('hex');
    const admin = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE validator LOGIN PASSWORD '${password}'`);
    await admin.query('CREATE DATABASE validator OWNER validator');
    await admin.end();
    return { port, database: 'validator', user: 'validator', password, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface LiveRedis {
  readonly port: number;
  readonly password: string;
  stop(): Promise<void>;
}

/** redis-server on 127.0.0.1:<random> with `requirepass` and no persistence. */
export async function startRedis(): Promise<LiveRedis | string> {
  let binary: string;
  try {
    binary = execFileSync('which', ['redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    return 'redis-server not found on PATH (apt-get install redis-server)';
  }
  const port = await freePort();
  const password = randomBytes(18).toString('hex');
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 10_000);
  return {
    port,
    password,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface LiveClickHouse {
  /** The HTTP interface's port. */
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** What `SELECT version()` answers (Debian's package is far older than the platform's image). */
  readonly version: string;
  stop(): Promise<void>;
}

/**
 * Debian's `clickhouse-server` on 127.0.0.1:<random> (HTTP and native ports), its data in a temp
 * dir, and one user that logs in with a SHA-256-hashed password from loopback only.
 * @see https://clickhouse.com/docs/operations/settings/settings-users
 */
export async function startClickHouse(options: { user?: string } = {}): Promise<LiveClickHouse | string> {
  const binary = '/usr/sbin/clickhouse-server';
  if (!existsSync(binary)) return missingInCi('clickhouse-server not found at /usr/sbin (apt-get install clickhouse-server)');
  const dir = tempDir('datalyptica-clickhouse-');
  const [http, tcp] = [await freePort(), await freePort()];
  const user = options.user ?? 'validator';
  const password = randomBytes(18).toString('hex');
  const sha256 = createHash('sha256').update(password).digest('hex');
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default/></profiles>
  <quotas><default/></quotas>
  <users>
    <${user}>
      <password_sha256_hex>${sha256}</password_sha256_hex>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </${user}>
  </users>
</yandex>
`,
  );
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><console>1</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>5368709</mark_cache_size>
</yandex>
`,
  );
  const server = startProcess({ command: binary, args: [`--config-file=${join(dir, 'config.xml')}`], log: join(dir, 'clickhouse.log') });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(http, 30_000);
    const response = await fetch(`http://127.0.0.1:${http}/?query=${encodeURIComponent('SELECT version()')}`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
    const version = (await response.text()).trim();
    if (response.status !== 200) throw new Error(`ClickHouse answered ${response.status}: ${version}`);
    return { port: http, user, password, version, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
