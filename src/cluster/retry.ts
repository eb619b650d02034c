/** When to try a request again and how long to wait first. */
export interface RetryPolicy {
  /** Attempts in total, the first included. @default 6 */
  readonly maxAttempts: number;
  /** First backoff; doubles each attempt. @default 250 */
  readonly baseDelayMs: number;
  /** Longest backoff, and the cap on a server's Retry-After. @default 10000 */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 10_000 };

/** Statuses worth another try: throttling and server-side failures (API server restarts, etcd leader changes). */
export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Network failures worth another try. */
export const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETWORK']);

/**
 * How long to wait before attempt `attempt + 1` (1-based `attempt`), honouring `Retry-After`
 * (seconds, as the API server sends it) over the exponential backoff, both capped. Pure.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfter?: string | string[]): number {
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (header !== undefined && /^\d+(\.\d+)?$/.test(header.trim())) {
    return Math.min(policy.maxDelayMs, Number(header.trim()) * 1000);
  }
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
