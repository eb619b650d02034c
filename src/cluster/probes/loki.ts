import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ProbeContext } from './context.ts';

type LokiProbe = Extract<Probe, { type: 'loki-roundtrip' }>;

/** The stream the probe writes to; its lines expire with the store's retention. */
export const LOKI_PROBE_SELECTOR = '{job="datalyptica-validate"}';
const MAX_BODY = 1024 * 1024;
const POLL_MS = 1000;

function request(options: { host: string; port: number; hostHeader: string; method: 'GET' | 'POST'; path: string; body?: string; signal: AbortSignal; timeoutMs: number }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.host,
        port: options.port,
        path: options.path,
        method: options.method,
        headers: { host: options.hostHeader, 'user-agent': 'datalyptica-validate', ...(options.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body) }) },
        signal: options.signal,
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Pushes one marked line through Loki's push API and queries it back with LogQL, polling until
 * the check's time is up (ingesters answer recent lines from memory, so it is usually immediate).
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#ingest-logs
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time
 */
export async function lokiRoundTrip(probe: LokiProbe, ctx: ProbeContext): Promise<string> {
  const marker = `datalyptica-validate ${randomUUID()}`;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const where = describeTarget(probe.endpoint);
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    const base = { host, port, hostHeader: where, signal: ctx.signal, timeoutMs: ctx.timeoutMs };
    const push = JSON.stringify({ streams: [{ stream: { job: 'datalyptica-validate' }, values: [[nowNs.toString(), marker]] }] });
    let answer;
    try {
      answer = await request({ ...base, method: 'POST', path: '/loki/api/v1/push', body: push });
    } catch (error) {
      throw new ProbeFailure(`POST http://${where}/loki/api/v1/push: ${errorText(error)}`, { cause: error });
    }
    if (answer.status !== 204 && answer.status !== 200) throw new ProbeFailure(`POST http://${where}/loki/api/v1/push answered ${answer.status}: ${answer.body.slice(0, 200).trim()}`);
    const query = encodeURIComponent(`${LOKI_PROBE_SELECTOR} |= "${marker}"`);
    const path = `/loki/api/v1/query_range?query=${query}&start=${(nowNs - 60_000_000_000n).toString()}&end=${(nowNs + 600_000_000_000n).toString()}&limit=10`;
    for (;;) {
      try {
        const found = await request({ ...base, method: 'GET', path });
        if (found.status === 200 && found.body.includes(marker)) return `pushed a line to http://${where} and read it back with LogQL`;
        if (found.status !== 200) throw new ProbeFailure(`GET http://${where}/loki/api/v1/query_range answered ${found.status}: ${found.body.slice(0, 200).trim()}`);
      } catch (error) {
        if (error instanceof ProbeFailure || ctx.signal.aborted) throw error;
        throw new ProbeFailure(`GET http://${where}/loki/api/v1/query_range: ${errorText(error)}`, { cause: error });
      }
      if (ctx.signal.aborted) throw new ProbeFailure(`the pushed line did not come back from http://${where} in time`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
}
