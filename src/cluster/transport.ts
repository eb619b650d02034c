import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** One HTTP request to the API server. `path` starts with `/`; query values are appended encoded. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: string;
  readonly contentType?: string;
  /** Abort when no response arrives in time. @default 30000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A streaming response (watch): the raw body, line by line. */
export interface TransportStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** Newline-delimited chunks, already split; ends when the server closes the stream. */
  lines(): AsyncIterable<string>;
  /** The whole body, for a non-200 answer. */
  text(): Promise<string>;
  close(): void;
}

/** A network failure before any HTTP answer (refused, reset, DNS, timeout). */
export class TransportError extends Error {
  readonly code: string;
  constructor(message: string, code: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
  }
}

export function buildPath(path: string, query: TransportRequest['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const encoded = params.toString();
  return encoded ? `${path}?${encoded}` : path;
}

/**
 * Raw HTTP to the API server with the kubeconfig's credentials (client-node applies CA, client
 * certificates, bearer tokens and exec plugins). Raw rather than the generated clients so the
 * engine sees status codes, Retry-After and watch streams exactly as sent.
 */
export class KubeTransport {
  readonly #config: KubeConfig;
  readonly #server: URL;

  constructor(config: KubeConfig) {
    this.#config = config;
    const cluster = config.getCurrentCluster();
    if (cluster === null) throw new Error('the kubeconfig has no current cluster');
    this.#server = new URL(cluster.server);
  }

  get server(): string {
    return this.#server.toString().replace(/\/$/, '');
  }

  async #open(request: TransportRequest, accept: string): Promise<http.IncomingMessage> {
    const options: https.RequestOptions = {};
    await this.#config.applyToHTTPSOptions(options);
    const base = this.#server.pathname.replace(/\/$/, '');
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined), Accept: accept, 'User-Agent': 'datalyptica' };
    if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(request.body));
    }
    const isHttps = this.#server.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      ...options,
      protocol: this.#server.protocol,
      hostname: this.#server.hostname.replace(/^\[|\]$/g, ''),
      port: this.#server.port || (isHttps ? 443 : 80),
      method: request.method,
      path: `${base}${buildPath(request.path, request.query)}`,
      headers,
    };
    const timeoutMs = request.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      // A signal aborted before the request starts never fires 'abort' again: without this check
      // the request (a watch) would stay open until the server ends it and keep the process alive.
      if (request.signal?.aborted) {
        reject(new TransportError('request aborted', 'ABORTED'));
        return;
      }
      const req = (isHttps ? https : http).request(requestOptions, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      const timer = setTimeout(() => {
        req.destroy(new TransportError(`no answer from ${this.server} within ${timeoutMs} ms`, 'ETIMEDOUT'));
      }, timeoutMs);
      const onAbort = (): void => {
        req.destroy(new TransportError('request aborted', 'ABORTED'));
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        reject(error instanceof TransportError ? error : new TransportError(`${this.server}: ${error.message}`, error.code ?? 'ENETWORK', error));
      });
      req.on('close', () => request.signal?.removeEventListener('abort', onAbort));
      if (request.body !== undefined) req.write(request.body);
      req.end();
    });
  }

  /** Sends one request and reads the whole answer. */
  async request(request: TransportRequest): Promise<TransportResponse> {
    const res = await this.#open(request, 'application/json');
    const body = await readAll(res);
    return { status: res.statusCode ?? 0, headers: res.headers, body };
  }

  /** Opens a streaming request (watch). */
  async stream(request: TransportRequest): Promise<TransportStream> {
    const res = await this.#open({ ...request, timeoutMs: request.timeoutMs ?? 30_000 }, 'application/json');
    return {
      status: res.statusCode ?? 0,
      headers: res.headers,
      text: () => readAll(res),
      close: () => res.destroy(),
      async *lines() {
        let buffer = '';
        try {
          for await (const chunk of res) {
            buffer += (chunk as Buffer).toString('utf8');
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
              const line = buffer.slice(0, newline).trim();
              buffer = buffer.slice(newline + 1);
              if (line !== '') yield line;
              newline = buffer.indexOf('\n');
            }
          }
        } catch (error) {
          // A dropped watch ends the stream; the watcher resumes from its last resourceVersion.
          if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as Error).message !== 'aborted') throw error;
        }
        if (buffer.trim() !== '') yield buffer.trim();
      },
    };
  }
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new TransportError('connection closed mid-answer', 'ECONNRESET')));
  });
}
