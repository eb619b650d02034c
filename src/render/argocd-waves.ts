import type { DeployGraph, DeployStep } from '../platform/deploy-graph.ts';
import { CLUSTER_DIR } from './kustomize-tree.ts';

/** Where a deploy step's work lands under Argo CD: the Applications that carry it. */
export type StepApps = (step: DeployStep) => readonly string[];

/**
 * The folder (and so the Application) an object of a step belongs to: its namespace, the
 * Namespace's own name, or the cluster-scoped folder — the same rule the Kustomize tree uses.
 */
export function folderOf(object: { readonly kind: string; readonly metadata: { readonly name: string; readonly namespace?: string } }): string {
  return object.metadata.namespace ?? (object.kind === 'Namespace' ? object.metadata.name : CLUSTER_DIR);
}

/**
 * Sync waves for Applications, computed from the deploy graph so Argo CD applies the platform in
 * the order `deploy` does: an Application gets a later wave than every Application holding a step
 * that one of its steps depends on. Applications whose steps depend on each other both ways (a
 * namespace holding an operator and a component that needs another namespace first) form one
 * group and share a wave; inside an Application Argo CD orders by kind. Waves start at 1, so the
 * root Application's own resources (wave 0) come first. Pure.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
export function applicationWaves(graph: DeployGraph, appsOf: StepApps): Map<string, number> {
  const apps = new Set<string>();
  const edges = new Map<string, Set<string>>();
  const byId = new Map(graph.steps.map((s) => [s.id, s] as const));
  // A step that renders nothing (a Secret copy `deploy` makes) passes its own dependencies on: a
  // consumer waiting for a copy of Keycloak's CA waits for Keycloak.
  const effective = (id: string, seen: Set<string>): readonly string[] => {
    const step = byId.get(id);
    if (step === undefined) return [];
    const own = appsOf(step);
    if (own.length > 0 || seen.has(id)) return own;
    seen.add(id);
    return step.dependsOn.flatMap((dep) => effective(dep, seen));
  };
  for (const step of graph.steps) {
    const mine = appsOf(step);
    for (const app of mine) apps.add(app);
    for (const dep of step.dependsOn) {
      for (const app of mine) for (const earlier of effective(dep, new Set())) if (earlier !== app) addEdge(edges, app, earlier);
    }
  }
  const groups = stronglyConnected([...apps].sort(), edges);
  const groupOf = new Map<string, number>();
  groups.forEach((members, index) => members.forEach((m) => groupOf.set(m, index)));
  // Tarjan emits groups in reverse topological order (dependencies first), so one pass suffices.
  const level = new Map<number, number>();
  groups.forEach((members, index) => {
    let wave = 1;
    for (const app of members) {
      for (const earlier of edges.get(app) ?? []) {
        const other = groupOf.get(earlier)!;
        if (other !== index) wave = Math.max(wave, level.get(other)! + 1);
      }
    }
    level.set(index, wave);
  });
  return new Map([...apps].sort().map((app) => [app, level.get(groupOf.get(app)!)!] as const));
}

function addEdge(edges: Map<string, Set<string>>, from: string, to: string): void {
  const set = edges.get(from) ?? new Set<string>();
  set.add(to);
  edges.set(from, set);
}

/** Tarjan's strongly connected components, dependencies before dependents. Pure. */
function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      out.push(group.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return out;
}
