import http from 'node:http';
import { ProbeFailure, errorText, type ProbeContext, type Reached } from './context.ts';
import { collectAnswer } from './http.ts';

/** Bodies beyond this are cut: API answers here are a few kilobytes. */

export interface ApiAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * A small HTTP/JSON client over one reached Service for the application probes that log in and
 * post (Superset, MLflow): the Service's name as Host, a cookie jar (Superset's CSRF token is bound
 * to the session cookie), default headers such as the bearer token, and errors that name the call.
 */
export class ApiSession {
  readonly #reached: Reached;
  readonly #hostHeader: string;
  readonly #ctx: ProbeContext;
  readonly #cookies = new Map<string, string>();
  readonly #headers: Record<string, string> = {};

  constructor(reached: Reached, hostHeader: string, ctx: ProbeContext) {
    this.#reached = reached;
    this.#hostHeader = hostHeader;
    this.#ctx = ctx;
  }

  /** The base URL, for Referer headers and messages. */
  get base(): string {
    return `http://${this.#hostHeader}`;
  }

  /** Sends this header with every later request. */
  setHeader(name: string, value: string): void {
    this.#headers[name.toLowerCase()] = value;
  }

  /** One request; `json` is serialised with its content type, `body` is sent as given. */
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { json?: unknown; body?: string; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
    const payload = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    const data = payload === undefined ? undefined : Buffer.from(payload, 'utf8');
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = {
      host: this.#hostHeader,
      accept: 'application/json',
      'user-agent': 'datalyptica-validate',
      ...this.#headers,
      ...(cookie === '' ? {} : { cookie }),
      ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(data === undefined ? {} : { 'content-length': String(data.length) }),
      ...(options.headers ?? {}),
    };
    const what = `${method} ${this.base}${path.split('?')[0]}`;
    return new Promise<ApiAnswer>((resolve, reject) => {
      const req = http.request(
        { host: this.#reached.host, port: this.#reached.port, path, method, headers, signal: this.#ctx.signal, timeout: this.#ctx.timeoutMs },
        (response) => {
          for (const line of response.headers['set-cookie'] ?? []) {
            const [pair = ''] = line.split(';');
            const at = pair.indexOf('=');
            if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
          }
          collectAnswer(response, resolve, reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#ctx.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(data);
    }).catch((error: unknown) => {
      throw new ProbeFailure(`${what}: ${errorText(error)}`, { cause: error });
    });
  }

  /** A request whose answer must have one of `expect` statuses and a JSON body, returned parsed. */
  async json<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { json?: unknown; expect?: readonly number[]; headers?: Record<string, string> } = {}): Promise<T> {
    const answer = await this.request(method, path, options);
    const what = `${method} ${this.base}${path.split('?')[0]}`;
    if (!(options.expect ?? [200]).includes(answer.status)) throw new ProbeFailure(`${what} answered ${answer.status}: ${answer.body.slice(0, 300).trim()}`);
    try {
      return JSON.parse(answer.body) as T;
    } catch {
      throw new ProbeFailure(`${what} answered ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 200).trim()}`);
    }
  }
}
