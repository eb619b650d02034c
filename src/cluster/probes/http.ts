import http from 'node:http';
import https from 'node:https';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext } from './context.ts';
import { endpointTrust, tlsOptions, type TrustMaterial } from './tls.ts';

type HttpProbe = Extract<Probe, { type: 'http' }>;

/** Bodies beyond this are cut; health and discovery documents are a few kilobytes. */
const MAX_BODY = 1024 * 1024;

/** Resolves with the status and the body (the first MiB kept) when `response` ends; rejects on its error. */
export function collectAnswer(
  response: http.IncomingMessage,
  resolve: (answer: { status: number; body: string }) => void,
  reject: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    if (size < MAX_BODY) chunks.push(chunk);
    size += chunk.length;
  });
  response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
  response.on('error', reject);
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * One GET over a reached address, with the Service's DNS name as Host (and TLS server name):
 * virtual-host routing and Keycloak's hostname checks see the name clients use.
 */
export function httpGet(options: { host: string; port: number; path: string; hostHeader: string; tls: boolean; signal: AbortSignal; timeoutMs: number }): Promise<HttpAnswer> {
  return httpRequest({ ...options, method: 'GET' });
}

/** One request over a reached address (see {@link httpGet}), with an optional body and headers. */
export function httpRequest(options: {
  host: string;
  port: number;
  path: string;
  hostHeader: string;
  tls: boolean;
  signal: AbortSignal;
  timeoutMs: number;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** With `tls`: the endpoint's CA and name (verified); without, the certificate is not checked. */
  trust?: TrustMaterial;
}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const servername = options.hostHeader.replace(/:\d+$/, '');
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const request = (options.tls ? https : http).request(
      {
        host: options.host,
        port: options.port,
        path: options.path,
        method: options.method,
        headers: {
          host: options.hostHeader,
          accept: 'application/json, text/plain, */*',
          'user-agent': 'datalyptica-validate',
          ...(body === undefined ? {} : { 'content-length': String(body.length) }),
          ...(options.headers ?? {}),
        },
        signal: options.signal,
        timeout: options.timeoutMs,
        // The connection runs inside the API server's authenticated port-forward tunnel; an endpoint
        // that names its CA is verified too (the server name is the Service's, not the local address).
        ...(options.tls ? (options.trust === undefined ? { servername, rejectUnauthorized: false } : tlsOptions(options.trust)) : {}),
      },
      (response) => {
        collectAnswer(response, resolve, reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * GET a path and compare the status (default 200) and, when given, a body substring. Serves
 * the Nessie REST API, Keycloak OIDC discovery and the health endpoints of Grafana
 * (`/api/health`), Prometheus and Alertmanager (`/-/ready`) and Loki (`/ready`).
 */
export async function httpProbe(probe: HttpProbe, ctx: ProbeContext): Promise<string> {
  const expected = probe.expectStatus ?? 200;
  const method = probe.method ?? 'GET';
  const trust = await endpointTrust(probe.endpoint, ctx);
  const tls = (probe.tls ?? false) || trust !== undefined;
  const where = `${tls ? 'https' : 'http'}://${describeTarget(probe.endpoint)}${probe.path}`;
  const headers: Record<string, string> = {
    ...(probe.body === undefined ? {} : { 'content-type': 'text/plain' }),
    ...(probe.headers ?? {}),
    ...(probe.bearer === undefined ? {} : { authorization: `Bearer ${await ctx.secret(probe.bearer)}` }),
  };
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    let answer: HttpAnswer;
    try {
      answer = await httpRequest({
        host,
        port,
        path: probe.path,
        hostHeader: describeTarget(probe.endpoint),
        tls,
        ...(trust === undefined ? {} : { trust }),
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
        method,
        headers,
        ...(probe.body === undefined ? {} : { body: probe.body }),
      });
    } catch (error) {
      throw new ProbeFailure(`${method} ${where}: ${errorText(error)}`, { cause: error });
    }
    if (answer.status !== expected) throw new ProbeFailure(`${method} ${where} answered ${answer.status}, expected ${expected}: ${answer.body.slice(0, 200).trim()}`);
    if (probe.expectBody !== undefined && !answer.body.includes(probe.expectBody)) {
      throw new ProbeFailure(`${method} ${where} answered ${answer.status} but the body lacks "${probe.expectBody}": ${answer.body.slice(0, 200).trim()}`);
    }
    return `${method} ${where} → ${answer.status}${probe.expectBody === undefined ? '' : ` with "${probe.expectBody}"`}`;
  });
}
