import type { PodFootprint } from '../../model/resources.ts';
import { parseQuantity } from '../../platform/quantity.ts';
import type { Node } from './inventory.ts';

/** One replica to place. */
export interface PodToPlace {
  /** `namespace/footprint-name`, the replica set it belongs to. */
  readonly group: string;
  readonly index: number;
  readonly cpu: number;
  readonly memory: number;
  readonly spreadRequired: boolean;
}

export interface Placement {
  /** Node name → pods on it. */
  readonly byNode: ReadonlyMap<string, readonly PodToPlace[]>;
  /** Pods no node could take. */
  readonly unplaced: readonly PodToPlace[];
  /** Requested CPU and memory per node. */
  readonly used: ReadonlyMap<string, { cpu: number; memory: number }>;
}

export function groupOf(f: PodFootprint): string {
  return `${f.namespace}/${f.name}`;
}

/** Every replica of every footprint, largest first (then by name) so packing is deterministic. */
export function podsOf(footprints: readonly PodFootprint[]): PodToPlace[] {
  const pods: PodToPlace[] = [];
  for (const f of footprints) {
    const cpu = parseQuantity(f.resources.requests.cpu);
    const memory = parseQuantity(f.resources.requests.memory);
    for (let index = 0; index < f.replicas; index++) pods.push({ group: groupOf(f), index, cpu, memory, spreadRequired: f.spreadRequired ?? false });
  }
  return pods.sort((a, b) => b.memory - a.memory || b.cpu - a.cpu || a.group.localeCompare(b.group) || a.index - b.index);
}

/**
 * Places pods the way the scheduler would in the common case: a node must fit the requests and,
 * for required anti-affinity, hold no other replica of the set; among those it prefers nodes
 * without a replica of the set (preferred anti-affinity), then the least allocated node
 * (NodeResourcesFit LeastAllocated), then inventory order. `existing` pods stay where they are
 * (rescheduling after a node loss). Deterministic and pure.
 */
export function placePods(pods: readonly PodToPlace[], nodes: readonly Node[], existing?: ReadonlyMap<string, readonly PodToPlace[]>): Placement {
  const byNode = new Map<string, PodToPlace[]>(nodes.map((n) => [n.name, [...(existing?.get(n.name) ?? [])]]));
  const used = new Map<string, { cpu: number; memory: number }>(
    nodes.map((n) => {
      const already = byNode.get(n.name)!;
      return [n.name, { cpu: already.reduce((s, p) => s + p.cpu, 0), memory: already.reduce((s, p) => s + p.memory, 0) }];
    }),
  );
  const unplaced: PodToPlace[] = [];
  for (const pod of pods) {
    let best: { node: Node; score: number } | undefined;
    for (const node of nodes) {
      const u = used.get(node.name)!;
      if (u.cpu + pod.cpu > node.allocatable.cpu + 1e-9 || u.memory + pod.memory > node.allocatable.memory + 1e-9) continue;
      const sibling = byNode.get(node.name)!.some((p) => p.group === pod.group);
      if (sibling && pod.spreadRequired) continue;
      const free = (1 - (u.cpu + pod.cpu) / node.allocatable.cpu + (1 - (u.memory + pod.memory) / node.allocatable.memory)) / 2;
      const score = (sibling ? 0 : 10) + free;
      if (best === undefined || score > best.score + 1e-12) best = { node, score };
    }
    if (!best) {
      unplaced.push(pod);
      continue;
    }
    byNode.get(best.node.name)!.push(pod);
    const u = used.get(best.node.name)!;
    u.cpu += pod.cpu;
    u.memory += pod.memory;
  }
  return { byNode, unplaced, used };
}
