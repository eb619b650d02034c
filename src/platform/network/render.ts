import type { FlowPort } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import { isComponentName } from '../../model/names.ts';
import { LABEL } from '../labels.ts';
import { checksum } from '../workload.ts';
import type { Owner } from '../platform.ts';
import { DEFAULT_DENY_POLICY, OPERATORS_POLICY, type Intent, type Side } from './intents.ts';
import { NAMESPACE_NAME_LABEL } from './peers.ts';
import { canonicalSelector, selectorKey, type LabelSelector } from './selector.ts';

type Direction = 'ingress' | 'egress';

interface Group {
  readonly namespace: string;
  readonly name: string;
  readonly selector: LabelSelector;
  readonly owner: Owner;
  readonly types: Set<Direction>;
  /** peer key → rule under construction, per direction. */
  readonly rules: Record<Direction, Map<string, { peer: Record<string, unknown> | undefined; ports: Map<string, FlowPort> | 'all' }>>;
  readonly purposes: Set<string>;
}

/** What one NetworkPolicy rule peer looks like for a side; undefined = no peer restriction. */
export function policyPeer(side: Side): Record<string, unknown> | undefined {
  switch (side.kind) {
    case 'pods':
      return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: side.namespace } }, podSelector: canonicalSelector(side.selector) };
    case 'namespace':
      // An explicit `podSelector: {}` means the same as none to the Kubernetes API, but OVN-Kubernetes
      // only counts host-network pods (an IngressController published with HostNetwork, the default
      // on bare metal) as members of the namespace when the peer carries one.
      // @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.18/html/network_security/network-policy
      return {
        namespaceSelector: { matchLabels: { ...side.namespaceSelector } },
        podSelector: canonicalSelector({ matchLabels: side.podSelector ?? {} }),
      };
    case 'anywhere':
      return undefined;
    case 'ip-block':
      return { ipBlock: { cidr: side.cidr } };
  }
}

function portKey(p: FlowPort): string {
  return `${p.protocol ?? 'TCP'}/${p.port}`;
}

function sortPorts(ports: Iterable<FlowPort>): { protocol: string; port: number }[] {
  return [...ports]
    .map((p) => ({ protocol: p.protocol ?? 'TCP', port: p.port }))
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** `<owner>-<direction>[-<what the selector adds>]`, at most 63 characters. */
function derivedName(owner: string, direction: Direction, selector: LabelSelector): string {
  const extra = Object.entries(canonicalSelector(selector).matchLabels ?? {})
    .filter(([key, value]) => !(key === LABEL.name && value === owner))
    .map(([, value]) => value.toLowerCase().replace(/[^a-z0-9-]+/g, '-'))
    .filter((v) => v.length > 0 && v !== 'true' && v !== owner);
  const name = [owner, direction, ...extra].join('-').replace(/-+/g, '-').replace(/-$/, '');
  return name.length <= 63 ? name : `${name.slice(0, 54).replace(/-$/, '')}-${checksum(name)}`;
}

function policyOwner(side: Side & { kind: 'pods' }, enabled: ReadonlySet<string>): Owner {
  return isComponentName(side.owner) && enabled.has(side.owner) ? side.owner : 'platform';
}

/**
 * The NetworkPolicies for a set of intents: default-deny ingress and egress in every platform
 * namespace, then one policy per (namespace, selected pods, direction) with a rule per peer.
 * A connection from A to B yields an ingress rule on B and an egress rule on A whenever that
 * side's namespace is a platform namespace. Pure and deterministic.
 */
export function renderNetworkPolicies(input: {
  readonly namespaces: readonly string[];
  readonly intents: readonly Intent[];
  readonly enabled: ReadonlySet<string>;
}): { owner: Owner; object: KubeObject }[] {
  const platform = new Set(input.namespaces);
  const groups = new Map<string, Group>();
  const bySelector = new Map<string, string>();

  const groupFor = (side: Side & { kind: 'pods' }, direction: Direction, hint: string | undefined): Group => {
    const owner = policyOwner(side, input.enabled);
    const sKey = selectorKey(side.selector);
    let name = hint ?? (side.owner === 'operators' ? OPERATORS_POLICY : derivedName(side.owner, direction, side.selector));
    // Two selectors that would share a derived name get the selector's checksum appended.
    const claimed = bySelector.get(`${side.namespace}|${name}`);
    if (claimed !== undefined && claimed !== sKey && hint === undefined) name = `${name.slice(0, 54)}-${checksum(sKey)}`;
    bySelector.set(`${side.namespace}|${name}`, sKey);
    const key = `${side.namespace}|${name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { namespace: side.namespace, name, selector: side.selector, owner, types: new Set(), rules: { ingress: new Map(), egress: new Map() }, purposes: new Set() };
      groups.set(key, group);
    }
    group.types.add(direction);
    return group;
  };

  const addRule = (group: Group, direction: Direction, peerSide: Side, ports: readonly FlowPort[], purpose: string) => {
    const peer = policyPeer(peerSide);
    const key = JSON.stringify(peer ?? null);
    const rule = group.rules[direction].get(key) ?? { peer, ports: new Map<string, FlowPort>() };
    if (ports.length === 0) rule.ports = 'all';
    else if (rule.ports !== 'all') for (const p of ports) rule.ports.set(portKey(p), p);
    group.rules[direction].set(key, rule);
    group.purposes.add(purpose);
  };

  for (const intent of input.intents) {
    if (intent.to.kind === 'pods' && platform.has(intent.to.namespace)) {
      addRule(groupFor(intent.to, 'ingress', intent.policy?.ingress), 'ingress', intent.from, intent.ports, intent.description);
    }
    if (intent.from.kind === 'pods' && platform.has(intent.from.namespace)) {
      addRule(groupFor(intent.from, 'egress', intent.policy?.egress), 'egress', intent.to, intent.ports, intent.description);
    }
  }

  const out: { owner: Owner; object: KubeObject }[] = [];
  for (const namespace of input.namespaces) {
    out.push({
      owner: 'platform',
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: DEFAULT_DENY_POLICY, namespace, annotations: { 'datalyptica.io/purpose': 'deny every connection no other policy of this namespace allows' } },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
    });
  }
  const sorted = [...groups.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  for (const group of sorted) {
    const spec: Record<string, unknown> = { podSelector: canonicalSelector(group.selector) };
    const types: string[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!group.types.has(direction)) continue;
      types.push(direction === 'ingress' ? 'Ingress' : 'Egress');
      const peerField = direction === 'ingress' ? 'from' : 'to';
      spec[direction] = [...group.rules[direction].entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, rule]) => {
          const r: Record<string, unknown> = {};
          if (rule.peer !== undefined) r[peerField] = [rule.peer];
          if (rule.ports !== 'all') r['ports'] = sortPorts(rule.ports.values());
          return r;
        });
    }
    spec['policyTypes'] = types;
    out.push({
      owner: group.owner,
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: group.name, namespace: group.namespace, annotations: { 'datalyptica.io/purpose': [...group.purposes].sort().join('; ') } },
        spec,
      },
    });
  }
  return out;
}
