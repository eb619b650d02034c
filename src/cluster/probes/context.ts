import type { KubeObject, ObjectRef } from '../../model/kube.ts';
import type { SecretKeyRef, ServiceEndpoint } from '../../model/live-check.ts';

/**
 * What a probe connects to: a Service port, or one pod behind it (Kafka brokers advertise
 * per-pod addresses, `<pod>.<headless service>.<namespace>.svc`).
 */
export interface ReachTarget extends ServiceEndpoint {
  readonly pod?: string;
}

/** A local address that leads to the target, open until `close()`. */
export interface Reached {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * How probes reach in-cluster services. `validate` port-forwards through the API server
 * ({@link import('./port-forward.ts').portForwardReach}); tests point it at local servers.
 */
export type Reach = (target: ReachTarget, signal: AbortSignal) => Promise<Reached>;

/** Selects objects of one kind, optionally in one namespace and by labels. */
export interface ObjectQuery {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

/** Read-only view of the cluster's objects. */
export interface ObjectReader {
  /** The object, or undefined when it does not exist (404). */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(query: ObjectQuery): Promise<KubeObject[]>;
}

/**
 * Creates and deletes the short-lived objects a probe needs (the log probe's test pod). Only
 * `validate` against a live cluster has one; probes that need it fail clearly without it.
 */
export interface ObjectWriter {
  create(object: KubeObject): Promise<void>;
  /** Deletes the object; a missing one (404) is not an error. */
  delete(ref: ObjectRef): Promise<void>;
}

/** Everything one probe run may use. */
export interface ProbeContext {
  readonly reach: Reach;
  readonly writer?: ObjectWriter;
  /** A Secret value, read at probe time; never printed (the runner redacts it from messages). */
  readonly secret: (ref: SecretKeyRef) => Promise<string>;
  readonly objects: ObjectReader;
  /** Aborted when the check's time is up. */
  readonly signal: AbortSignal;
  /** The check's budget, for clients that take their own timeouts. */
  readonly timeoutMs: number;
}

/** A probe that found the service unhealthy; its message is what the user sees after FAIL. */
export class ProbeFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProbeFailure';
  }
}

/** Opens a reach, runs `use`, and always closes it. */
export async function withReach<T>(ctx: ProbeContext, target: ReachTarget, use: (reached: Reached) => Promise<T>): Promise<T> {
  const reached = await ctx.reach(target, ctx.signal);
  try {
    return await use(reached);
  } finally {
    await reached.close().catch(() => undefined);
  }
}

/** `service.namespace.svc:port` (or `pod.service...`), for messages and Host headers. */
export function describeTarget(target: ReachTarget): string {
  const host = target.pod === undefined ? `${target.service}.${target.namespace}.svc` : `${target.pod}.${target.service}.${target.namespace}.svc`;
  return `${host}:${target.port}`;
}

/** The message of anything thrown, without stack. */
export function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorText).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
