import type { Labels } from '../../model/kube.ts';
import { resolveIntents, type Intent, type Side } from '../../platform/network/intents.ts';
import { selectorMatches } from '../../platform/network/selector.ts';
import type { Platform } from '../../platform/platform.ts';
import { ANY_PORT, parsePolicies, PolicyEvaluator, type Port } from './evaluate.ts';
import { buildNetworkModel, type Endpoint } from './model.ts';

/** One cell of the reachability matrix. */
export interface ReachabilityRow {
  readonly from: string;
  readonly to: string;
  /** `*`: any port no policy names. */
  readonly port: number | '*';
  readonly protocol: string;
  readonly declared: boolean;
  readonly allowed: boolean;
  /** Why it is declared (the declarations' descriptions). */
  readonly reasons: readonly string[];
}

export interface Reachability {
  readonly rows: readonly ReachabilityRow[];
  /** Declared but blocked by the rendered policies. */
  readonly missing: readonly ReachabilityRow[];
  /** Allowed by the rendered policies but never declared. */
  readonly extra: readonly ReachabilityRow[];
  /** Declarations the platform could not resolve. */
  readonly unresolved: readonly string[];
}

/**
 * Whether a declared side covers an endpoint. `anywhere` (API server, external S3, internet)
 * is rendered with no peer restriction, so it covers every address outside the platform's
 * namespaces: that is the documented compromise; platform pods stay guarded by their ingress rules.
 */
function sideContains(side: Side, node: Endpoint, namespaceLabels: ReadonlyMap<string, Labels>, platform: ReadonlySet<string>): boolean {
  switch (side.kind) {
    case 'pods':
      return node.namespace === side.namespace && selectorMatches(side.selector, node.labels);
    case 'namespace':
      return (
        node.namespace !== undefined &&
        selectorMatches({ matchLabels: side.namespaceSelector }, namespaceLabels.get(node.namespace) ?? {}) &&
        selectorMatches({ matchLabels: side.podSelector ?? {} }, node.labels)
      );
    case 'anywhere':
      return node.namespace === undefined || !platform.has(node.namespace);
    case 'ip-block':
      // Policies render ipBlock peers, which the evaluator (like the API's intent) applies to addresses outside the pod network only.
      return node.namespace === undefined;
  }
}

function intentCovers(intent: Intent, candidate: Port): boolean {
  if (intent.ports.length === 0) return true;
  return intent.ports.some((p) => (p.protocol ?? 'TCP') === candidate.protocol && p.port === candidate.port);
}

/**
 * Who may reach whom, computed from the rendered NetworkPolicies (not from the declarations)
 * over the platform's pods and peers, side by side with what the components declared. Every
 * pair with at least one platform component pod is covered, on every port any policy or
 * declaration names plus "any other port". Pure.
 */
export function computeReachability(platform: Platform): Reachability {
  const { intents, unresolved } = resolveIntents(platform);
  const model = buildNetworkModel(platform, intents);
  const evaluator = new PolicyEvaluator(
    parsePolicies(platform.objects.map((p) => p.object)),
    model.namespaceLabels,
  );
  const platformNamespaces = new Set(platform.namespaces);
  const rows: ReachabilityRow[] = [];
  const sources = model.endpoints.filter((e) => e.source);
  const destinations = model.endpoints.filter((e) => e.destination);
  // Which endpoints each intent's sides cover, computed once per intent and endpoint rather than
  // once per intent and pair: the pair loop then only intersects two precomputed answers.
  const contains = (side: Side, endpoint: Endpoint) => sideContains(side, endpoint, model.namespaceLabels, platformNamespaces);
  const intoDestination = intents.map((i) => new Set(destinations.filter((d) => contains(i.to, d))));
  for (const source of sources) {
    const fromSource = intents.flatMap((intent, index) => (contains(intent.from, source) ? [{ intent, to: intoDestination[index]! }] : []));
    for (const destination of destinations) {
      if (source.component === undefined && destination.component === undefined) continue;
      const declaredBy = fromSource.filter((c) => c.to.has(destination)).map((c) => c.intent);
      const egress = evaluator.admission('egress', source, destination);
      const ingress = evaluator.admission('ingress', destination, source);
      if (declaredBy.length === 0 && (egress !== 'all' && egress.length === 0 || ingress !== 'all' && ingress.length === 0)) continue;
      const candidates = new Map<string, Port>();
      const addPort = (p: Port) => candidates.set(`${p.protocol}/${p.port}`, p);
      for (const admission of [egress, ingress]) {
        const { ports, anyPort } = PolicyEvaluator.portsOf(admission);
        ports.forEach(addPort);
        if (anyPort) {
          addPort({ port: ANY_PORT, protocol: 'TCP' });
          addPort({ port: ANY_PORT, protocol: 'UDP' });
        }
      }
      for (const intent of declaredBy) {
        if (intent.ports.length === 0) addPort({ port: ANY_PORT, protocol: 'TCP' });
        for (const p of intent.ports) addPort({ port: p.port, protocol: p.protocol ?? 'TCP' });
      }
      for (const candidate of candidates.values()) {
        const reasons = declaredBy.filter((i) => intentCovers(i, candidate)).map((i) => `${i.declaredBy}: ${i.description}`);
        const allowed = PolicyEvaluator.admits(egress, candidate, destination) && PolicyEvaluator.admits(ingress, candidate, destination);
        const declared = reasons.length > 0;
        if (!declared && !allowed) continue;
        rows.push({
          from: source.id,
          to: destination.id,
          port: candidate.port === ANY_PORT ? '*' : candidate.port,
          protocol: candidate.protocol,
          declared,
          allowed,
          reasons: [...new Set(reasons)].sort(),
        });
      }
    }
  }
  rows.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || String(a.port).localeCompare(String(b.port), undefined, { numeric: true }) || a.protocol.localeCompare(b.protocol));
  return { rows, missing: rows.filter((r) => r.declared && !r.allowed), extra: rows.filter((r) => r.allowed && !r.declared), unresolved };
}
