import type { ResolvedConfig } from '../../config/settings.ts';
import type { FlowPeer, FlowPort } from '../../model/flow.ts';
import type { Labels } from '../../model/kube.ts';
import type { ComponentName } from '../../model/names.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import { LABEL } from '../labels.ts';
import { systemNamespace } from '../layout.ts';
import type { BuiltComponent } from '../platform.ts';
import { ACME_SOLVER_LABEL, ACME_SOLVER_PORT, APISERVER_PORTS, dnsPeer, ingressPeer, monitoringNamespace, NAMESPACE_NAME_LABEL } from './peers.ts';
import type { LabelSelector } from './selector.ts';

/** Where OLM installs AllNamespaces operators (mirrors `derive/operators.ts`). */
const GLOBAL_OPERATORS_NAMESPACE = 'openshift-operators';

/**
 * One end of a connection.
 * - `pods`: pods in a namespace picked by a selector; when the namespace is a platform namespace
 *   the platform renders policy rules for them.
 * - `namespace`: any pod of namespaces matching a namespace selector, outside the platform.
 * - `anywhere`: no peer restriction (the API server, an external S3, the internet).
 * - `ip-block`: addresses outside the pod network in one CIDR (the nodes' kubelets).
 */
export type Side =
  | { readonly kind: 'pods'; readonly namespace: string; readonly selector: LabelSelector; readonly owner: string; readonly label: string }
  | { readonly kind: 'namespace'; readonly namespaceSelector: Labels; readonly podSelector?: Labels; readonly label: string }
  | { readonly kind: 'anywhere'; readonly label: string }
  /** Addresses outside the pod network (node IPs) in one CIDR: an `ipBlock` peer. */
  | { readonly kind: 'ip-block'; readonly cidr: string; readonly label: string };

/** A declared connection, resolved to concrete peers for the config's target. */
export interface Intent {
  readonly from: Side;
  readonly to: Side;
  /** Empty: every port. */
  readonly ports: readonly FlowPort[];
  readonly description: string;
  /** The component (or `platform`) that declared it. */
  readonly declaredBy: string;
  /** Fixed policy names for platform-wide rules (DNS, operators); derived from the owner otherwise. */
  readonly policy?: { readonly ingress?: string; readonly egress?: string };
}

/** What intents are resolved from: a draft or a finished platform. */
export interface NetworkInput {
  readonly config: ResolvedConfig;
  readonly components: ReadonlyMap<ComponentName, BuiltComponent>;
  readonly namespaces: readonly string[];
}

export const DNS_POLICY = 'datalyptica-allow-dns';
export const OPERATORS_POLICY = 'datalyptica-operators';
export const DEFAULT_DENY_POLICY = 'datalyptica-default-deny';
export const ACME_SOLVER_POLICY = 'datalyptica-acme-http01-solver';

/** Pods of a component: `app.kubernetes.io/name=<component>` narrowed by `selector` (whose own name key wins). */
export function componentSide(component: string, namespace: string, selector?: Labels): Side {
  const matchLabels = { [LABEL.name]: component, ...(selector ?? {}) };
  return { kind: 'pods', namespace, selector: { matchLabels }, owner: component, label: component };
}

/** OpenShift's label on every build pod (its value is the Build's name, which changes per run). */
export const BUILD_POD_LABEL = 'openshift.io/build.name';

/** The build pods of a namespace: any pod with the build label, whatever build it runs. */
export function buildSide(component: string, namespace: string): Side {
  return { kind: 'pods', namespace, selector: { matchExpressions: [{ key: BUILD_POD_LABEL, operator: 'Exists' }] }, owner: component, label: `${component} builds` };
}

/** The namespace an operator's controller runs in for this target. */
export function operatorNamespace(config: ResolvedConfig, requirement: OperatorRequirement): string {
  if (config.target === 'openshift' && (requirement.openshiftInstall ?? 'olm') === 'olm') {
    return requirement.olm.installNamespace ?? (requirement.olm.allNamespaces ? GLOBAL_OPERATORS_NAMESPACE : systemNamespace(config));
  }
  return requirement.kubernetes.namespace;
}

/** Every operator the enabled components declare, by id (first declaration wins). */
export function operatorsById(components: NetworkInput['components']): Map<string, OperatorRequirement> {
  const out = new Map<string, OperatorRequirement>();
  for (const built of components.values()) for (const r of built.build.operators) if (!out.has(r.id)) out.set(r.id, r);
  return out;
}

/** Stand-in selector for operator pods, swapped for the real one once every component side of the namespace is known. */
const OPERATOR_PODS: LabelSelector = { matchExpressions: [] };

function operatorSide(namespace: string, platform: ReadonlySet<string>, id: string): Side {
  if (platform.has(namespace)) return { kind: 'pods', namespace, selector: OPERATOR_PODS, owner: 'operators', label: `operator:${id}` };
  return { kind: 'namespace', namespaceSelector: { [NAMESPACE_NAME_LABEL]: namespace }, label: `operator:${id}` };
}

/** The Prometheus that scrapes: the platform's own, else the target's (see `monitoringNamespace`). */
function monitoringSide(input: NetworkInput): Side {
  const prometheus = input.components.get('prometheus');
  // On OpenShift the prometheus component runs no Prometheus: user workload monitoring scrapes.
  if (prometheus !== undefined && input.config.target === 'kubernetes') return componentSide('prometheus', prometheus.namespace);
  const ns = monitoringNamespace(input.config);
  if (input.config.target === 'kubernetes') {
    return { kind: 'pods', namespace: ns, selector: { matchLabels: { [LABEL.name]: 'prometheus' } }, owner: 'monitoring', label: 'monitoring' };
  }
  return { kind: 'namespace', namespaceSelector: { [NAMESPACE_NAME_LABEL]: ns }, label: 'monitoring' };
}

function ingressSide(config: ResolvedConfig): Side {
  const peer = ingressPeer(config);
  return { kind: 'namespace', namespaceSelector: peer.selector, label: config.target === 'openshift' ? 'openshift-router' : 'ingress-controller' };
}

export interface ResolvedIntents {
  readonly intents: readonly Intent[];
  /** Declarations that could not be resolved (an operator no enabled component installs). */
  readonly unresolved: readonly string[];
}

/**
 * Turns every enabled component's flows, egress and exposures, plus the platform's own needs
 * (DNS, operators, ACME solvers), into intents. Flows from disabled components are dropped. Pure.
 */
export function resolveIntents(input: NetworkInput): ResolvedIntents {
  const { config, components } = input;
  const platform = new Set(input.namespaces);
  const operators = operatorsById(components);
  const intents: Intent[] = [];
  const unresolved: string[] = [];

  const peerSide = (peer: FlowPeer, declaredBy: ComponentName): Side | undefined => {
    switch (peer.kind) {
      case 'component': {
        const source = components.get(peer.component);
        return source === undefined ? undefined : componentSide(peer.component, source.namespace, peer.selector);
      }
      case 'ingress':
        return ingressSide(config);
      case 'monitoring':
        return monitoringSide(input);
      case 'apiserver':
        return { kind: 'anywhere', label: 'kube-apiserver' };
      case 'operator': {
        const requirement = operators.get(peer.operator);
        if (requirement === undefined) {
          unresolved.push(`${declaredBy}: a flow names operator "${peer.operator}", which no enabled component installs`);
          return undefined;
        }
        return operatorSide(operatorNamespace(config, requirement), platform, peer.operator);
      }
    }
  };

  for (const [name, built] of components) {
    for (const flow of built.build.flows) {
      const from = peerSide(flow.from, name);
      if (from === undefined) continue;
      const to = componentSide(name, flow.namespace ?? built.namespace, flow.toSelector);
      intents.push({ from, to, ports: flow.ports, description: flow.description, declaredBy: name });
    }
    // Every declared metrics endpoint admits the scraper on its container port (the monitors
    // themselves come from `derive/monitors.ts`).
    for (const endpoint of built.build.metrics ?? []) {
      intents.push({
        from: monitoringSide(input),
        to: componentSide(name, endpoint.namespace, endpoint.podSelector ?? endpoint.selector),
        ports: [{ port: endpoint.targetPort, protocol: 'TCP', name: endpoint.port }],
        description: `Prometheus scrapes ${endpoint.path ?? '/metrics'} (${endpoint.name})`,
        declaredBy: name,
      });
    }
    for (const egress of built.build.egress) {
      const namespace = egress.namespace ?? built.namespace;
      const from = egress.fromBuilds === true ? buildSide(name, namespace) : componentSide(name, namespace, egress.fromSelector);
      const target = egress.to;
      if (target.kind === 'addresses') {
        // One intent (one ipBlock rule) per CIDR: a rule peer holds one block.
        for (const cidr of target.cidrs) intents.push({ from, to: { kind: 'ip-block', cidr, label: target.label }, ports: egress.ports, description: egress.description, declaredBy: name });
        continue;
      }
      let to: Side;
      let ports = egress.ports;
      switch (target.kind) {
        case 'apiserver':
          to = { kind: 'anywhere', label: 'kube-apiserver' };
          ports = mergePorts(egress.ports, APISERVER_PORTS);
          break;
        case 'object-storage':
          to = { kind: 'anywhere', label: 'object-storage' };
          break;
        case 'internet':
          to = { kind: 'anywhere', label: 'internet' };
          break;
        case 'namespace':
          to = {
            kind: 'namespace',
            namespaceSelector: { [NAMESPACE_NAME_LABEL]: target.namespace },
            ...(target.podSelector === undefined ? {} : { podSelector: target.podSelector }),
            label: target.namespace,
          };
          break;
      }
      intents.push({ from, to, ports, description: egress.description, declaredBy: name });
    }
    for (const exposure of built.build.exposures) {
      intents.push({
        from: ingressSide(config),
        to: componentSide(name, exposure.namespace, exposure.podSelector),
        ports: [{ port: exposure.targetPort, protocol: 'TCP', name: String(exposure.port) }],
        description: `${exposure.host}.${config.domain}: ${exposure.description}`,
        declaredBy: name,
      });
    }
  }

  // Operator controllers that run inside a platform namespace (scoped OLM installs in the system
  // namespace, Helm charts placed in one) need the API server and serve webhooks we cannot enumerate.
  const operatorHomes = new Map<string, string[]>();
  for (const [id, requirement] of operators) {
    const ns = operatorNamespace(config, requirement);
    if (platform.has(ns)) operatorHomes.set(ns, [...(operatorHomes.get(ns) ?? []), id]);
  }
  for (const [ns, ids] of [...operatorHomes].sort(([a], [b]) => a.localeCompare(b))) {
    const pods = operatorSide(ns, platform, ids.join(','));
    intents.push({
      from: pods,
      to: { kind: 'anywhere', label: 'kube-apiserver' },
      ports: APISERVER_PORTS,
      description: `operators ${ids.join(', ')} watch and update their resources through the API server`,
      declaredBy: 'platform',
      policy: { egress: OPERATORS_POLICY },
    });
    intents.push({
      from: { kind: 'anywhere', label: 'kube-apiserver' },
      to: pods,
      ports: [],
      description: `operators ${ids.join(', ')} serve admission webhooks and metrics on ports their vendors choose`,
      declaredBy: 'platform',
      policy: { ingress: OPERATORS_POLICY },
    });
  }

  // ACME HTTP-01 solver pods answer the CA through the ingress controller, in each exposed namespace.
  if (config.target === 'kubernetes' && config.tls.issuer === 'acme' && components.has('cert-manager')) {
    const exposed = new Set([...components.values()].flatMap((c) => c.build.exposures.map((e) => e.namespace)));
    for (const ns of [...exposed].sort()) {
      intents.push({
        from: ingressSide(config),
        to: { kind: 'pods', namespace: ns, selector: { matchLabels: { [ACME_SOLVER_LABEL]: 'true' } }, owner: 'cert-manager', label: 'acme-http01-solver' },
        ports: [{ port: ACME_SOLVER_PORT, protocol: 'TCP', name: 'http' }],
        description: 'the ACME CA validates HTTP-01 challenges through the ingress controller',
        declaredBy: 'cert-manager',
        policy: { ingress: ACME_SOLVER_POLICY },
      });
    }
  }

  // DNS for every pod of every platform namespace.
  const dns = dnsPeer(config.target);
  for (const ns of input.namespaces) {
    intents.push({
      from: { kind: 'pods', namespace: ns, selector: {}, owner: 'platform', label: 'all pods' },
      to: { kind: 'namespace', namespaceSelector: { [NAMESPACE_NAME_LABEL]: dns.namespace }, podSelector: dns.podLabels, label: 'cluster-dns' },
      ports: dns.ports,
      description: 'name resolution through the cluster DNS',
      declaredBy: 'platform',
      policy: { egress: DNS_POLICY },
    });
  }

  return { intents: withOperatorSelectors(intents), unresolved };
}

/**
 * Operator controller pods are "every pod of the namespace that is not a platform component's":
 * their labels are the vendor's, ours are known.
 */
function withOperatorSelectors(intents: readonly Intent[]): Intent[] {
  const names = new Map<string, Set<string>>();
  for (const intent of intents) {
    for (const side of [intent.from, intent.to]) {
      if (side.kind !== 'pods' || side.owner === 'operators' || side.owner === 'platform') continue;
      const name = side.selector.matchLabels?.[LABEL.name];
      if (name === undefined) continue;
      names.set(side.namespace, (names.get(side.namespace) ?? new Set()).add(name));
    }
  }
  const fix = (side: Side): Side => {
    if (side.kind !== 'pods' || side.selector !== OPERATOR_PODS) return side;
    const values = [...(names.get(side.namespace) ?? [])].sort();
    const selector: LabelSelector = values.length === 0 ? {} : { matchExpressions: [{ key: LABEL.name, operator: 'NotIn', values }] };
    return { ...side, selector };
  };
  return intents.map((intent) => ({ ...intent, from: fix(intent.from), to: fix(intent.to) }));
}

/** Union of two port lists (by protocol and number), in a stable order. */
export function mergePorts(a: readonly FlowPort[], b: readonly FlowPort[]): FlowPort[] {
  const out = new Map<string, FlowPort>();
  for (const p of [...a, ...b]) {
    const key = `${p.protocol ?? 'TCP'}/${p.port}`;
    if (!out.has(key)) out.set(key, p);
  }
  return [...out.values()];
}
