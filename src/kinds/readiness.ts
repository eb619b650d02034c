import type { KubeObject, ObjectRef } from '../model/kube.ts';

/** What a readiness rule concludes from one observation. */
export type ReadinessState = 'ready' | 'progressing' | 'failed';

export interface ReadinessVerdict {
  readonly state: ReadinessState;
  /** The controller's last word (condition message, phase), printed while waiting and on timeout. */
  readonly reason: string;
  /** Wait for this object too before calling it ready (Subscription → its CSV, RedisReplication → its StatefulSet). */
  readonly follow?: ObjectRef;
}

/** Facts a rule cannot read off the object itself, gathered by the engine beforehand. */
export interface ReadinessContext {
  /** `volumeBindingMode` of a StorageClass by name; `''` is the default class. */
  readonly bindingMode?: (storageClassName: string) => string | undefined;
}

export type ReadinessRule = (object: KubeObject, context: ReadinessContext) => ReadinessVerdict;

export interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
}

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
export function statusOf(object: KubeObject): Record<string, unknown> {
  return record(object['status']);
}
export function specOf(object: KubeObject): Record<string, unknown> {
  return record(object['spec']);
}
export function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
export function conditionsOf(object: KubeObject): Condition[] {
  const list = statusOf(object)['conditions'];
  return Array.isArray(list) ? (list as Condition[]) : [];
}
export function condition(object: KubeObject, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}
export function said(c: Condition | undefined, fallback: string): string {
  if (!c) return fallback;
  return [c.reason, c.message].filter((s) => s !== undefined && s !== '').join(': ') || fallback;
}
export const ready = (reason: string): ReadinessVerdict => ({ state: 'ready', reason });
export const progressing = (reason: string, follow?: ObjectRef): ReadinessVerdict => (follow ? { state: 'progressing', reason, follow } : { state: 'progressing', reason });
export const failed = (reason: string): ReadinessVerdict => ({ state: 'failed', reason });

/**
 * Generation gate: a controller that has not observed the current spec says nothing about it.
 * Checked before any success test so a stale "Ready" from the previous spec never counts.
 */
export function staleGeneration(object: KubeObject, observed: unknown): ReadinessVerdict | undefined {
  const generation = (object.metadata as { generation?: number }).generation;
  if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) {
    return progressing(`controller has observed generation ${observed}, not ${generation} yet`);
  }
  if (typeof generation === 'number' && observed === undefined && object['status'] === undefined) return progressing('no status yet');
  return undefined;
}

/** Ready once applied (CronJobs: a schedule, not a run). */
export const exists: ReadinessRule = () => ready('exists');

/** A `Ready` condition with optional per-condition or status-level observedGeneration (Strimzi, Keycloak, cert-manager). */
export function readyCondition(options: { failWhen?: (o: KubeObject) => ReadinessVerdict | undefined } = {}): ReadinessRule {
  return (o) => {
    const s = statusOf(o);
    const readyC = condition(o, 'Ready');
    const stale = staleGeneration(o, s['observedGeneration'] ?? readyC?.observedGeneration);
    if (stale) return stale;
    const failure = options.failWhen?.(o);
    if (failure) return failure;
    if (readyC?.status === 'True') return ready(said(readyC, 'Ready'));
    return progressing(said(readyC ?? condition(o, 'NotReady'), 'waiting for condition Ready'));
  };
}
