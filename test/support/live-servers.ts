import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
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
