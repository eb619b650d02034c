import type { CheckGroup, LiveCheck } from '../../model/live-check.ts';
import { CHECK_GROUPS } from '../../model/live-check.ts';
import { errorText } from '../probes/context.ts';

export const CHECK_STATUSES = ['pass', 'warn', 'fail'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** What one check found. */
export interface CheckResult {
  readonly id: string;
  readonly group: CheckGroup;
  readonly title: string;
  readonly status: CheckStatus;
  /** What the probe saw (PASS) or why it failed (WARN/FAIL); secrets redacted. */
  readonly message: string;
  readonly durationMs: number;
}

export interface ValidationReport {
  /** In check order (group, then declaration). */
  readonly results: readonly CheckResult[];
  readonly counts: { readonly passed: number; readonly warnings: number; readonly failed: number };
  /** No check failed (warnings allowed). */
  readonly ok: boolean;
  readonly durationMs: number;
}

/** Runs one check's probe; resolves with what it saw, rejects when the check fails. */
export type CheckExecutor = (check: LiveCheck, run: { signal: AbortSignal; timeoutMs: number }) => Promise<string>;

export interface RunOptions {
  readonly execute: CheckExecutor;
  /** Checks in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Overrides every check's own `timeoutSeconds` when set (`--timeout`). */
  readonly timeoutSeconds?: number;
  /** Removes secret values from messages before they are stored. */
  readonly redact?: (text: string) => string;
  /** Monotonic milliseconds. @default performance.now */
  readonly clock?: () => number;
  /** Called as each check finishes (progress output). */
  readonly onResult?: (result: CheckResult) => void;
}

/** The default per-check budget (LiveCheck.timeoutSeconds). */
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 20;

async function runOne(check: LiveCheck, options: RunOptions): Promise<CheckResult> {
  const clock = options.clock ?? (() => performance.now());
  const timeoutMs = Math.max(1, Math.round((options.timeoutSeconds ?? check.timeoutSeconds ?? DEFAULT_CHECK_TIMEOUT_SECONDS) * 1000));
  const controller = new AbortController();
  const started = clock();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs / 1000} s`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  let status: CheckStatus;
  let message: string;
  try {
    message = await Promise.race([options.execute(check, { signal: controller.signal, timeoutMs }), timeout]);
    status = 'pass';
  } catch (error) {
    status = check.severity === 'warn' ? 'warn' : 'fail';
    message = errorText(error);
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort(new Error('check finished'));
  }
  const redact = options.redact ?? ((text: string) => text);
  return { id: check.id, group: check.group, title: check.title, status, message: redact(message), durationMs: Math.round(clock() - started) };
}

/**
 * Runs checks with at most `concurrency` in flight, each under its own timeout (a timed-out
 * probe is aborted and counted as failed; its cleanup may finish later). Results come back in
 * check order whatever the finishing order.
 */
export async function runLiveChecks(checks: readonly LiveCheck[], options: RunOptions): Promise<ValidationReport> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < checks.length) {
      const index = next++;
      const result = await runOne(checks[index]!, options);
      results[index] = result;
      options.onResult?.(result);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, checks.length) }, worker));
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const counts = { passed: count('pass'), warnings: count('warn'), failed: count('fail') };
  return { results, counts, ok: counts.failed === 0, durationMs: Math.round(clock() - started) };
}

/** Results grouped in seed order; groups with no check are left out. */
export function groupResults(results: readonly CheckResult[]): { group: CheckGroup; results: CheckResult[] }[] {
  return CHECK_GROUPS.map((group) => ({ group, results: results.filter((r) => r.group === group) })).filter((g) => g.results.length > 0);
}
