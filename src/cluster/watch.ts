import type { KubeObject } from '../model/kube.ts';
import { ApiError, type KubeClient } from './client.ts';
import { sleep } from './retry.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly fieldSelector?: string;
  readonly labelSelector?: string;
}

export interface WatchOptions {
  readonly signal: AbortSignal;
  /** Called with the full list after every (re-)list, then with each event. */
  readonly onSync: (items: readonly KubeObject[]) => void;
  readonly onEvent: (type: WatchEventType, object: KubeObject) => void;
  /** Server-side watch timeout; the stream is re-opened after it. @default 300 */
  readonly timeoutSeconds?: number;
  /** Pause before re-listing after a failure. @default 500 */
  readonly relistDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Whether an event line is the server telling us our resourceVersion is too old. Pure. */
export function isGone(event: { type?: string; object?: { code?: number; reason?: string } }): boolean {
  return event.type === 'ERROR' && (event.object?.code === 410 || event.object?.reason === 'Expired' || event.object?.reason === 'Gone');
}

/**
 * List-then-watch that survives: a dropped stream resumes from the last resourceVersion seen, and
 * "410 Gone" (the version was compacted away) re-lists and watches from the new list's version.
 * Runs until `signal` aborts; rejects at once when the API server refuses (401/403): no wait cures that.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
export async function watchResources(client: KubeClient, target: WatchTarget, options: WatchOptions): Promise<void> {
  const { signal } = options;
  let resourceVersion = '';
  while (!signal.aborted) {
    try {
      if (resourceVersion === '') {
        const listed = await client.list(target);
        if (signal.aborted) return;
        options.onSync(listed.items);
        // The list alone may settle the wait (the object is ready already): open no watch then.
        if (signal.aborted) return;
        resourceVersion = listed.resourceVersion;
        if (resourceVersion === '') {
          // Kind not served yet (CRD still installing): poll by re-listing.
          await sleep(options.relistDelayMs ?? 500, signal);
          continue;
        }
      }
      const info = await client.resource(target.apiVersion, target.kind);
      const path = await client.path({ apiVersion: target.apiVersion, kind: target.kind, namespace: info.namespaced ? target.namespace : undefined });
      const stream = await client.transport.stream({
        method: 'GET',
        path,
        query: {
          watch: 1,
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: options.timeoutSeconds ?? 300,
          fieldSelector: target.fieldSelector,
          labelSelector: target.labelSelector,
        },
        signal,
        timeoutMs: 30_000,
      });
      if (stream.status === 410) {
        await stream.text();
        resourceVersion = '';
        continue;
      }
      if (stream.status !== 200) {
        const text = await stream.text();
        throw new ApiError(`watch ${target.kind}`, stream.status, safeParse(text) as object);
      }
      if (signal.aborted) {
        stream.close();
        return;
      }
      const onAbort = (): void => stream.close();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const line of stream.lines()) {
          const event = safeParse(line) as { type?: string; object?: KubeObject & { code?: number; reason?: string } };
          if (isGone(event as { type?: string; object?: { code?: number; reason?: string } })) {
            resourceVersion = '';
            break;
          }
          if (event.type === 'ERROR') throw new ApiError(`watch ${target.kind}`, event.object?.code ?? 500, (event.object ?? {}) as object);
          const object = event.object;
          if (!object) continue;
          const version = (object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
          if (version) resourceVersion = version;
          if (event.type === 'BOOKMARK') continue;
          options.onEvent(event.type as WatchEventType, { ...object, apiVersion: object.apiVersion ?? target.apiVersion, kind: object.kind ?? target.kind });
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        stream.close();
      }
    } catch (error) {
      if (signal.aborted) return;
      // Waiting cannot cure a refusal: 401/403 ends the watch at once (the caller reports it).
      if (isRefused(error)) throw error;
      options.onError?.(error);
      resourceVersion = '';
      await sleep(options.relistDelayMs ?? 500, signal);
    }
  }
}

/** Whether an error is the API server refusing us (401, 403), as an answer or as our typed error. */
export function isRefused(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 401 || error.status === 403;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof ApiError && (cause.status === 401 || cause.status === 403);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}
