import type { KubeObject, Labels } from '../../model/kube.ts';
import { LABEL } from '../../platform/labels.ts';
import type { Intent } from '../../platform/network/intents.ts';
import { dnsPeer, ingressPeer, NAMESPACE_NAME_LABEL } from '../../platform/network/peers.ts';
import type { Platform } from '../../platform/platform.ts';

/** A place connections start or end: a pod (class) in a namespace, or an address outside the pod network. */
export interface Endpoint {
  readonly id: string;
  /** Absent for `outside` (the API server on the host network, an external S3, the internet). */
  readonly namespace?: string;
  readonly labels: Labels;
  /** Container ports by name, for named ports in policies. */
  readonly ports: ReadonlyMap<string, { port: number; protocol: string }>;
  /** A platform component's pods: the matrix covers every pair with at least one of these. */
  readonly component?: string;
  /** Opens connections in the matrix. */
  readonly source: boolean;
  /** Receives connections in the matrix (operator and router pods are left out: see docs/security/networking.md). */
  readonly destination: boolean;
}

export interface NetworkModel {
  readonly endpoints: readonly Endpoint[];
  /** Labels of every namespace the endpoints live in. */
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}

/** The endpoint standing for every address outside the pod network (API server, external S3, the internet). */
export const OUTSIDE_CLUSTER = 'outside-cluster';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

function podTemplate(object: KubeObject): { labels: Labels; containers: Record<string, unknown>[] } | undefined {
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (object.kind === 'Pod') return { labels: object.metadata.labels ?? {}, containers: (spec?.['containers'] as Record<string, unknown>[]) ?? [] };
  const template =
    object.kind === 'CronJob'
      ? (((spec?.['jobTemplate'] as Record<string, unknown> | undefined)?.['spec'] as Record<string, unknown> | undefined)?.['template'] as Record<string, unknown> | undefined)
      : (spec?.['template'] as Record<string, unknown> | undefined);
  if (template === undefined) return undefined;
  const metadata = (template['metadata'] as { labels?: Labels } | undefined) ?? {};
  const podSpec = (template['spec'] as Record<string, unknown> | undefined) ?? {};
  return { labels: metadata.labels ?? {}, containers: (podSpec['containers'] as Record<string, unknown>[]) ?? [] };
}

function containerPorts(containers: readonly Record<string, unknown>[]): Map<string, { port: number; protocol: string }> {
  const out = new Map<string, { port: number; protocol: string }>();
  for (const c of containers) {
    for (const p of (c['ports'] as { name?: string; containerPort: number; protocol?: string }[] | undefined) ?? []) {
      if (p.name !== undefined) out.set(p.name, { port: p.containerPort, protocol: p.protocol ?? 'TCP' });
    }
  }
  return out;
}

function covers(labels: Labels, wanted: Labels): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

function podId(namespace: string, component: string, labels: Labels): string {
  const extra = Object.keys(labels)
    .sort()
    .filter((k) => !(k === LABEL.name && labels[k] === component) && ![LABEL.instance, LABEL.partOf, LABEL.managedBy, LABEL.version, LABEL.platform].includes(k as never))
    .filter((k) => !(k === LABEL.component && labels[k] === component))
    .map((k) => `${k}=${labels[k]}`);
  return `${namespace}/${component}${extra.length > 0 ? `{${extra.join(',')}}` : ''}`;
}

/**
 * The pods the reachability matrix is computed over: each enabled component's rendered
 * workloads (pod template labels), plus a pod for every declared selector no workload covers
 * (operator-managed pods: Kafka brokers, PostgreSQL instances...); then the peers outside the
 * platform (router, Prometheus, operators, DNS, other namespaces, the outside world).
 */
export function buildNetworkModel(platform: Platform, intents: readonly Intent[]): NetworkModel {
  const endpoints: Endpoint[] = [];
  const namespaceLabels = new Map<string, Labels>();
  for (const { object } of platform.objects) {
    if (object.kind === 'Namespace') namespaceLabels.set(object.metadata.name, { ...(object.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: object.metadata.name });
  }
  for (const ns of platform.namespaces) if (!namespaceLabels.has(ns)) namespaceLabels.set(ns, { [NAMESPACE_NAME_LABEL]: ns });
  const ensureNamespace = (ns: string, labels: Labels = {}) => {
    if (!namespaceLabels.has(ns)) namespaceLabels.set(ns, { ...labels, [NAMESPACE_NAME_LABEL]: ns });
  };

  const seen = new Set<string>();
  const add = (endpoint: Endpoint) => {
    if (seen.has(endpoint.id)) return;
    seen.add(endpoint.id);
    endpoints.push(endpoint);
  };

  // Concrete pods from rendered workloads.
  for (const { object, owner } of platform.objects) {
    if (!WORKLOAD_KINDS.has(object.kind) || object.metadata.namespace === undefined || !platform.components.has(owner as never)) continue;
    const template = podTemplate(object);
    if (template === undefined) continue;
    add({ id: podId(object.metadata.namespace, owner, template.labels), namespace: object.metadata.namespace, labels: template.labels, ports: containerPorts(template.containers), component: owner, source: true, destination: true });
  }
  // Declared selectors no workload covers, most specific first.
  const declared = intents
    .flatMap((i) => [i.from, i.to])
    .filter((s) => s.kind === 'pods' && platform.components.has(s.owner as never) && s.selector.matchExpressions === undefined)
    .map((s) => s as Extract<typeof s, { kind: 'pods' }>)
    .sort((a, b) => Object.keys(b.selector.matchLabels ?? {}).length - Object.keys(a.selector.matchLabels ?? {}).length || a.owner.localeCompare(b.owner));
  for (const side of declared) {
    const labels = side.selector.matchLabels ?? {};
    if (endpoints.some((e) => e.namespace === side.namespace && covers(e.labels, labels))) continue;
    ensureNamespace(side.namespace);
    add({ id: podId(side.namespace, side.owner, labels), namespace: side.namespace, labels, ports: new Map(), component: side.owner, source: true, destination: true });
  }

  // Peers outside the platform components.
  const ingress = ingressPeer(platform.config);
  ensureNamespace(ingress.namespace, ingress.namespaceLabels);
  add({ id: `${ingress.namespace}/${platform.config.target === 'openshift' ? 'router' : 'ingress-controller'}`, namespace: ingress.namespace, labels: ingress.podLabels, ports: new Map(), source: true, destination: false });
  for (const intent of intents) {
    const from = intent.from;
    if (from.kind === 'pods' && !platform.components.has(from.owner as never) && from.owner !== 'platform') {
      // Operator controllers and a cluster Prometheus inside a platform namespace.
      const labels = from.selector.matchLabels ?? {};
      ensureNamespace(from.namespace);
      add({ id: `${from.namespace}/${from.owner === 'operators' ? 'operators' : from.label}`, namespace: from.namespace, labels, ports: new Map(), source: true, destination: false });
    }
    if (from.kind === 'namespace') {
      const ns = from.namespaceSelector[NAMESPACE_NAME_LABEL];
      if (ns !== undefined) {
        ensureNamespace(ns, from.namespaceSelector);
        add({ id: `${ns}/${from.label}`, namespace: ns, labels: from.podSelector ?? {}, ports: new Map(), source: true, destination: false });
      }
    }
    const to = intent.to;
    if (to.kind === 'namespace') {
      const ns = to.namespaceSelector[NAMESPACE_NAME_LABEL];
      if (ns !== undefined) {
        ensureNamespace(ns, to.namespaceSelector);
        add({ id: `${ns}/${to.label}`, namespace: ns, labels: to.podSelector ?? {}, ports: new Map(), source: false, destination: true });
      }
    }
  }
  const dns = dnsPeer(platform.config.target);
  ensureNamespace(dns.namespace);
  add({ id: `${dns.namespace}/cluster-dns`, namespace: dns.namespace, labels: dns.podLabels, ports: new Map(), source: false, destination: true });
  add({ id: OUTSIDE_CLUSTER, labels: {}, ports: new Map(), source: true, destination: true });
  return { endpoints, namespaceLabels };
}
