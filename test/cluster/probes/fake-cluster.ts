import type { ProbeContext, ObjectReader, Reach, ReachTarget } from '../../../src/cluster/probes/context.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { SecretKeyRef } from '../../../src/model/live-check.ts';

/** An in-memory cluster: `get` by apiVersion/kind/namespace/name, `list` by kind, namespace and labels. */
export function memoryObjects(objects: readonly KubeObject[]): ObjectReader {
  return {
    get: async (ref) =>
      objects.find((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind && o.metadata.name === ref.name && (o.metadata.namespace ?? undefined) === (ref.namespace ?? undefined)),
    list: async (query) =>
      objects.filter(
        (o) =>
          o.apiVersion === query.apiVersion &&
          o.kind === query.kind &&
          (query.namespace === undefined || o.metadata.namespace === query.namespace) &&
          Object.entries(query.labels ?? {}).every(([k, v]) => o.metadata.labels?.[k] === v),
      ),
  };
}

/** Reaches `service.namespace:port` at the local port the map names; anything else is refused. */
export function localReach(ports: Record<string, number>): Reach & { opened: number; closed: number } {
  const counter = { opened: 0, closed: 0 };
  const reach = (async (target: ReachTarget) => {
    const port = ports[`${target.service}.${target.namespace}:${target.port}`];
    if (port === undefined) throw new Error(`no route to ${target.service}.${target.namespace}:${target.port}`);
    counter.opened += 1;
    return { host: '127.0.0.1', port, close: async () => void (counter.closed += 1) };
  }) as unknown as Reach & { opened: number; closed: number };
  return Object.defineProperties(reach, {
    opened: { get: () => counter.opened },
    closed: { get: () => counter.closed },
  });
}

/** A probe context over local servers and in-memory Secrets. */
export function probeContext(options: { reach?: Reach; secrets?: Record<string, string>; objects?: readonly KubeObject[]; timeoutMs?: number; signal?: AbortSignal }): ProbeContext {
  const secrets = options.secrets ?? {};
  return {
    reach: options.reach ?? localReach({}),
    objects: memoryObjects(options.objects ?? []),
    secret: async (ref: SecretKeyRef) => {
      const value = secrets[`${ref.namespace}/${ref.name}/${ref.key}`];
      if (value === undefined) throw new Error(`Secret ${ref.name} (${ref.namespace}) has no key ${ref.key}`);
      return value;
    },
    signal: options.signal ?? AbortSignal.timeout(options.timeoutMs ?? 10_000),
    timeoutMs: options.timeoutMs ?? 10_000,
  };
}
