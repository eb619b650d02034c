import type { KubeObject, ObjectRef } from '../model/kube.ts';
import type { KubeClient } from './client.ts';
import { assessReadiness, type ReadinessContext, type ReadinessVerdict } from './readiness.ts';
import { watchResources } from './watch.ts';

/** The outcome of waiting for one object. */
export interface WaitOutcome {
  readonly ref: ObjectRef;
  readonly verdict: ReadinessVerdict;
  /** The wait ran out of time (verdict is then the last one seen). */
  readonly timedOut: boolean;
}

export interface WaitOptions {
  readonly signal: AbortSignal;
  readonly context?: ReadinessContext;
  /** Each time the verdict's reason changes. */
  readonly onProgress?: (ref: ObjectRef, verdict: ReadinessVerdict) => void;
  readonly onError?: (error: unknown) => void;
  /** Decides when the wait is over. @default readiness rules: ready or failed */
  readonly assess?: (object: KubeObject | undefined) => ReadinessVerdict;
}

/** Watches one object (list + watch by name, resuming after drops and 410) until `assess` says ready or failed, or the signal aborts. */
export function waitForObject(client: KubeClient, ref: ObjectRef, options: WaitOptions): Promise<WaitOutcome> {
  const assess =
    options.assess ?? ((object: KubeObject | undefined): ReadinessVerdict => (object === undefined ? { state: 'progressing', reason: 'not found' } : assessReadiness(object, options.context ?? {})));
  return new Promise((resolve) => {
    const controller = new AbortController();
    let last: ReadinessVerdict = { state: 'progressing', reason: 'not observed yet' };
    let finished = false;
    const finish = (outcome: WaitOutcome): void => {
      if (finished) return;
      finished = true;
      options.signal.removeEventListener('abort', onAbort);
      controller.abort();
      resolve(outcome);
    };
    const observe = (object: KubeObject | undefined): void => {
      const verdict = assess(object);
      if (verdict.reason !== last.reason || verdict.state !== last.state) options.onProgress?.(ref, verdict);
      last = verdict;
      if (verdict.state !== 'progressing' || verdict.follow) finish({ ref, verdict, timedOut: false });
    };
    const onAbort = (): void => finish({ ref, verdict: last, timedOut: true });
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    void watchResources(
      client,
      { apiVersion: ref.apiVersion, kind: ref.kind, ...(ref.namespace ? { namespace: ref.namespace } : {}), fieldSelector: `metadata.name=${ref.name}` },
      {
        signal: controller.signal,
        onSync: (items) => observe(items.find((o) => o.metadata.name === ref.name)),
        onEvent: (type, object) => {
          if (object.metadata.name !== ref.name) return;
          observe(type === 'DELETED' ? undefined : object);
        },
        ...(options.onError ? { onError: options.onError } : {}),
      },
    ).catch((error: unknown) => {
      // Forbidden or unauthorised: fail now, naming the object, instead of waiting out the budget.
      finish({ ref, verdict: { state: 'failed', reason: `cannot read it: ${error instanceof Error ? error.message : String(error)}` }, timedOut: false });
    });
  });
}

/** Waits for an object and then for whatever its rule says to follow (Subscription → CSV). */
export async function waitForReady(client: KubeClient, ref: ObjectRef, options: WaitOptions): Promise<WaitOutcome> {
  let outcome = await waitForObject(client, ref, options);
  const seen = new Set<string>();
  while (!outcome.timedOut && outcome.verdict.state === 'progressing' && outcome.verdict.follow && !seen.has(outcome.verdict.follow.name)) {
    seen.add(outcome.verdict.follow.name);
    const followed = await waitForObject(client, outcome.verdict.follow, options);
    outcome = { ref, verdict: { state: followed.verdict.state, reason: `${outcome.verdict.reason}; ${followed.ref.kind}/${followed.ref.name}: ${followed.verdict.reason}`, ...(followed.verdict.follow ? { follow: followed.verdict.follow } : {}) }, timedOut: followed.timedOut };
  }
  return outcome;
}
