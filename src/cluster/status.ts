import { refOf, type KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import type { KubeClient } from './client.ts';
import { Limiter } from './limiter.ts';
import { assessReadiness, type ReadinessContext, type ReadinessVerdict } from './readiness.ts';

export type ComponentState = 'ready' | 'progressing' | 'failed' | 'absent';

export interface ComponentStatus {
  readonly component: string;
  readonly state: ComponentState;
  readonly namespace: string;
  /** Version the config pins, and the one the live objects are labelled with. */
  readonly version: string;
  readonly liveVersion: string | undefined;
  readonly objects: { readonly total: number; readonly present: number; readonly ready: number };
  /** Route and Ingress hosts, as URLs. */
  readonly endpoints: readonly string[];
  /** One line per object that is not ready (failed first). */
  readonly problems: readonly string[];
}

/** Route hosts and Ingress rule hosts of a live object, as https URLs. Pure. */
export function endpointsOf(object: KubeObject): string[] {
  if (object.kind === 'Route') {
    const host = (object['spec'] as { host?: string } | undefined)?.host ?? (object['status'] as { ingress?: { host?: string }[] } | undefined)?.ingress?.[0]?.host;
    return host ? [`https://${host}`] : [];
  }
  if (object.kind === 'Ingress') {
    return ((object['spec'] as { rules?: { host?: string }[] } | undefined)?.rules ?? []).filter((r) => r.host).map((r) => `https://${r.host}`);
  }
  return [];
}

/**
 * Summarises observations into a component state: failed > absent (nothing there) > progressing >
 * ready. A component that renders nothing in this configuration (an external S3) is ready. Pure.
 */
export function summarise(observations: readonly { readonly live: KubeObject | undefined; readonly state: 'ready' | 'progressing' | 'failed' }[]): ComponentState {
  if (observations.length === 0) return 'ready';
  if (observations.every((o) => o.live === undefined)) return 'absent';
  if (observations.some((o) => o.state === 'failed')) return 'failed';
  if (observations.some((o) => o.live === undefined || o.state === 'progressing')) return 'progressing';
  return 'ready';
}

/** Reads every object of every enabled component from the cluster and summarises it. */
export async function platformStatus(options: { client: KubeClient; platform: Platform; concurrency?: number }): Promise<ComponentStatus[]> {
  const { client, platform } = options;
  const limiter = new Limiter(options.concurrency ?? 16);
  const classes = await client.list({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' });
  const modes = new Map(classes.items.map((sc) => [sc.metadata.name, (sc['volumeBindingMode'] as string | undefined) ?? 'Immediate'] as const));
  const context: ReadinessContext = { bindingMode: (name) => modes.get(name) };
  const out: ComponentStatus[] = [];
  for (const [name, built] of platform.components) {
    const objects = platform.objects.filter((p) => p.owner === name).map((p) => p.object);
    const observations = await Promise.all(
      objects.map(async (object) => {
        const live = await limiter.run(() => client.get(refOf(object)));
        let verdict: ReadinessVerdict = live ? assessReadiness(live, context) : { state: 'progressing', reason: 'absent' };
        // As deploy waits: a Subscription is ready when its CSV is, a RedisReplication when its StatefulSet is.
        for (let hops = 0; verdict.follow !== undefined && hops < 3; hops++) {
          const ref = verdict.follow;
          const followed = await limiter.run(() => client.get(ref));
          verdict = followed ? assessReadiness(followed, context) : { state: 'progressing', reason: `${ref.kind}/${ref.name} does not exist yet` };
        }
        return { object, live, state: verdict.state, reason: verdict.reason };
      }),
    );
    const present = observations.filter((o) => o.live !== undefined);
    const liveVersion = present.map((o) => o.live!.metadata.labels?.['app.kubernetes.io/version']).find((v) => v !== undefined);
    const problems = observations
      .filter((o) => o.state !== 'ready')
      .sort((a, b) => (a.state === 'failed' ? 0 : 1) - (b.state === 'failed' ? 0 : 1))
      .map((o) => `${o.object.kind}/${o.object.metadata.name}: ${o.state === 'failed' ? 'failed: ' : ''}${o.reason}`);
    out.push({
      component: name,
      state: summarise(observations),
      namespace: built.namespace,
      version: built.definition.version,
      liveVersion,
      objects: { total: objects.length, present: present.length, ready: observations.filter((o) => o.live && o.state === 'ready').length },
      endpoints: [...new Set(present.flatMap((o) => endpointsOf(o.live!)))].sort(),
      problems,
    });
  }
  return out;
}
