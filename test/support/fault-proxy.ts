import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A plain-HTTP proxy on loopback in front of a real API server (HTTPS). Every request is logged (method, path,
 * query) and forwarded as is, unless a fault rule matches it first: answer with a status (429 with Retry-After,
 * 500), reset the connection, delay it, or cut a watch stream after a while. Tests point deploy at the proxy
 * through {@link FaultProxy.kubeconfig}; the status stand-in talks to the server directly. Like `kubectl proxy`, it
 * authenticates to the server with the admin token itself.
 */

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** ms since the proxy started. */
  readonly at: number;
}

export interface FaultRule {
  readonly match: (request: ProxiedRequest) => boolean;
  /** Answer with this status instead of forwarding (and these headers, e.g. Retry-After). */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Destroy the client's connection without an answer (ECONNRESET on its side). */
  readonly reset?: boolean;
  /** Forward, but only after this long (with `gone`: answer 410 only after this long). */
  readonly delayMs?: number;
  /** Answer a watch as a server whose history no longer holds its resourceVersion: one ERROR event, 410 Expired. */
  readonly gone?: boolean;
  /** Forward a watch, then cut the stream after this long. */
  readonly dropWatchAfterMs?: number;
  /** How many more requests it applies to (decremented on each hit). @default unlimited */
  times?: number;
  /** How many requests it hit. */
  hits?: number;
}

/** Where the proxy forwards to: the Go program's endpoint (its kubeconfig holds the CA). */
export interface ProxyUpstream {
  readonly server: string;
  readonly kubeconfig: string;
  readonly token: string;
}

function agentFor(endpoint: ProxyUpstream): Agent {
  const config = parse(readFileSync(endpoint.kubeconfig, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data'?: string } }[] };
  const ca = config.clusters[0]?.cluster['certificate-authority-data'];
  return new Agent({ keepAlive: true, maxSockets: 256, ...(ca ? { ca: Buffer.from(ca, 'base64') } : { rejectUnauthorized: false }) });
}

const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class FaultProxy {
  #upstream: URL;
  #agent: Agent;
  #token: string;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  readonly #started = Date.now();
  /** Every request that reached the proxy, in order. */
  readonly log: ProxiedRequest[] = [];
  /** Rules, first match wins; push and splice freely between runs. */
  readonly faults: FaultRule[] = [];
  /** While set, every new request is answered 503 and connections are reset (the API server is "down"). */
  down = false;
  url = '';

  constructor(endpoint: ProxyUpstream) {
    this.#upstream = new URL(endpoint.server);
    this.#token = endpoint.token;
    this.#agent = agentFor(endpoint);
  }

  /**
   * Points the proxy at the server as it came back from a restart: the Go program issues a new serving certificate
   * and token on each start, which the proxy presents from now on (clients keep their kubeconfig, as they would
   * behind a load balancer).
   */
  retarget(endpoint: ProxyUpstream): void {
    const old = this.#agent;
    this.#upstream = new URL(endpoint.server);
    this.#token = endpoint.token;
    this.#agent = agentFor(endpoint);
    old.destroy();
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as { port: number }).port}`;
    return this;
  }

  /** A kubeconfig (YAML) that reaches the API server through this proxy with the admin token. */
  kubeconfig(dir: string, name = 'proxied-kubeconfig'): string {
    const file = join(dir, name);
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'proxied', cluster: { server: this.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'admin', user: { token: this.#token } }],
        contexts: [{ name: 'proxied', context: { cluster: 'proxied', user: 'admin' } }],
        'current-context': 'proxied',
      }),
      { mode: 0o600 },
    );
    return file;
  }

  /** Requests that change something (POST, PUT, PATCH, DELETE) since `from` (an index into {@link log}). */
  writes(from = 0): ProxiedRequest[] {
    return this.log.slice(from).filter((r) => WRITES.has(r.method));
  }

  /** Cuts every open connection (watches included), as a restarting API server does. */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    this.#agent.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, at: Date.now() - this.#started };
    this.log.push(request);
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const rule = this.faults.find((f) => (f.times === undefined || f.times > 0) && f.match(request));
    if (rule !== undefined) {
      if (rule.times !== undefined) rule.times--;
      rule.hits = (rule.hits ?? 0) + 1;
    }
    if (rule?.reset) {
      req.socket.destroy();
      return;
    }
    if (rule?.gone) {
      req.resume();
      // With delayMs the stream stays open, silent, that long first: changes made meanwhile reach the client only
      // through the re-list the 410 forces.
      const expire = (): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 } })}\n`);
      };
      if (rule.delayMs === undefined) expire();
      else setTimeout(expire, rule.delayMs);
      return;
    }
    if (rule?.status !== undefined) {
      req.resume();
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `injected fault: HTTP ${rule.status}`, reason: rule.status === 429 ? 'TooManyRequests' : 'InternalError', code: rule.status });
      res.writeHead(rule.status, { 'content-type': 'application/json', ...(rule.headers ?? {}) });
      res.end(body);
      return;
    }
    const forward = (): void => this.#forward(req, res, rule?.dropWatchAfterMs);
    if (rule?.delayMs !== undefined) setTimeout(forward, rule.delayMs);
    else forward();
  }

  #forward(req: IncomingMessage, res: ServerResponse, dropAfterMs: number | undefined): void {
    // The proxy authenticates upstream itself (see retarget); the client's token is the same admin token until a restart.
    const headers = { ...req.headers, host: this.#upstream.host, authorization: `Bearer ${this.#token}` };
    const upstream = httpsRequest({ host: this.#upstream.hostname, port: this.#upstream.port, path: req.url, method: req.method, headers, agent: this.#agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      if (dropAfterMs !== undefined) {
        setTimeout(() => {
          answer.destroy();
          req.socket.destroy();
        }, dropAfterMs);
      }
    });
    upstream.on('error', () => req.socket.destroy());
    req.on('aborted', () => upstream.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}

/** Starts a {@link FaultProxy} in front of the server. */
export function startFaultProxy(endpoint: ProxyUpstream): Promise<FaultProxy> {
  return new FaultProxy(endpoint).start();
}
