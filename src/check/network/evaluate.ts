import type { KubeObject, Labels } from '../../model/kube.ts';
import { selectorMatches, type LabelSelector } from '../../platform/network/selector.ts';
import type { Endpoint } from './model.ts';

/** One port a connection uses; port 0 stands for "any port no policy names". */
export interface Port {
  readonly port: number;
  readonly protocol: string;
}

export const ANY_PORT = 0;

interface PolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

interface PolicyRule {
  /** `from` or `to`; absent or empty = every peer. */
  readonly peers?: readonly PolicyPeer[];
  /** Absent or empty = every port. */
  readonly ports?: readonly PolicyPort[];
}

/** A NetworkPolicy reduced to what decides connections. */
export interface ParsedPolicy {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
}

/** Reads rendered NetworkPolicies; `policyTypes` defaults as the API server defaults it. */
export function parsePolicies(objects: readonly KubeObject[]): ParsedPolicy[] {
  const out: ParsedPolicy[] = [];
  for (const object of objects) {
    if (object.kind !== 'NetworkPolicy' || object.metadata.namespace === undefined) continue;
    const spec = (object['spec'] as Record<string, unknown> | undefined) ?? {};
    const rawIngress = spec['ingress'] as { from?: PolicyPeer[]; ports?: PolicyPort[] }[] | undefined;
    const rawEgress = spec['egress'] as { to?: PolicyPeer[]; ports?: PolicyPort[] }[] | undefined;
    const declaredTypes = spec['policyTypes'] as string[] | undefined;
    const types = declaredTypes ?? (rawEgress !== undefined ? ['Ingress', 'Egress'] : ['Ingress']);
    const policy: { -readonly [K in keyof ParsedPolicy]: ParsedPolicy[K] } = {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      podSelector: (spec['podSelector'] as LabelSelector | undefined) ?? {},
    };
    const rule = (peers: PolicyPeer[] | undefined, ports: PolicyPort[] | undefined): PolicyRule => ({
      ...(peers === undefined ? {} : { peers }),
      ...(ports === undefined ? {} : { ports }),
    });
    if (types.includes('Ingress')) policy.ingress = (rawIngress ?? []).map((r) => rule(r.from, r.ports));
    if (types.includes('Egress')) policy.egress = (rawEgress ?? []).map((r) => rule(r.to, r.ports));
    out.push(policy);
  }
  return out;
}

/** Where a rule peer applies, from the point of view of a policy in `policyNamespace`. */
function peerMatches(peer: PolicyPeer, policyNamespace: string, node: Endpoint, namespaceLabels: ReadonlyMap<string, Labels>): boolean {
  // ipBlock is meant for addresses outside the pod network; pod IPs are not matched here.
  if (peer.ipBlock !== undefined) return node.namespace === undefined;
  if (node.namespace === undefined) return false;
  if (peer.namespaceSelector !== undefined) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels.get(node.namespace) ?? {})) return false;
  } else if (node.namespace !== policyNamespace) return false;
  return peer.podSelector === undefined || selectorMatches(peer.podSelector, node.labels);
}

function portMatches(ports: readonly PolicyPort[] | undefined, candidate: Port, destination: Endpoint): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== candidate.protocol) return false;
    if (p.port === undefined) return true;
    if (candidate.port === ANY_PORT) return false;
    if (typeof p.port === 'string') return destination.ports.get(p.port)?.port === candidate.port;
    return p.endPort === undefined ? p.port === candidate.port : candidate.port >= p.port && candidate.port <= p.endPort;
  });
}

/** The rules that can admit a peer, or `all` when no policy isolates the pod in that direction. */
export type Admission = 'all' | readonly PolicyRule[];

/**
 * Evaluates policies as Kubernetes does: a pod selected by no policy of a direction is not
 * isolated in it; otherwise a connection needs a rule of some selecting policy whose peers and
 * ports match. A connection is allowed iff the source's egress AND the destination's ingress allow it.
 */
export class PolicyEvaluator {
  #byNamespace = new Map<string, ParsedPolicy[]>();
  #namespaceLabels: ReadonlyMap<string, Labels>;

  constructor(policies: readonly ParsedPolicy[], namespaceLabels: ReadonlyMap<string, Labels>) {
    for (const p of policies) this.#byNamespace.set(p.namespace, [...(this.#byNamespace.get(p.namespace) ?? []), p]);
    this.#namespaceLabels = namespaceLabels;
  }

  /** The policies of each direction that select an endpoint, computed once per endpoint (the matrix asks per pair). */
  readonly #selecting = { ingress: new WeakMap<Endpoint, readonly ParsedPolicy[]>(), egress: new WeakMap<Endpoint, readonly ParsedPolicy[]>() };

  /** Rules that let `node` talk to (egress) or hear from (ingress) `peer`. */
  admission(direction: 'ingress' | 'egress', node: Endpoint, peer: Endpoint): Admission {
    if (node.namespace === undefined) return 'all';
    let selecting = this.#selecting[direction].get(node);
    if (selecting === undefined) {
      selecting = (this.#byNamespace.get(node.namespace) ?? []).filter((p) => p[direction] !== undefined && selectorMatches(p.podSelector, node.labels));
      this.#selecting[direction].set(node, selecting);
    }
    if (selecting.length === 0) return 'all';
    return selecting.flatMap((p) => (p[direction] ?? []).filter((r) => r.peers === undefined || r.peers.length === 0 || r.peers.some((peerSpec) => peerMatches(peerSpec, p.namespace, peer, this.#namespaceLabels))));
  }

  /** The numbered ports the admitting rules name, and whether any admits every port. */
  static portsOf(admission: Admission): { ports: Port[]; anyPort: boolean } {
    if (admission === 'all') return { ports: [], anyPort: true };
    const ports: Port[] = [];
    let anyPort = false;
    for (const rule of admission) {
      if (rule.ports === undefined || rule.ports.length === 0) anyPort = true;
      for (const p of rule.ports ?? []) {
        if (typeof p.port === 'number') ports.push({ port: p.port, protocol: p.protocol ?? 'TCP' });
        else anyPort = true;
      }
    }
    return { ports, anyPort };
  }

  static admits(admission: Admission, candidate: Port, destination: Endpoint): boolean {
    if (admission === 'all') return true;
    return admission.some((rule) => portMatches(rule.ports, candidate, destination));
  }

  allowed(source: Endpoint, destination: Endpoint, candidate: Port): boolean {
    return (
      PolicyEvaluator.admits(this.admission('egress', source, destination), candidate, destination) &&
      PolicyEvaluator.admits(this.admission('ingress', destination, source), candidate, destination)
    );
  }
}
