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
 * Where pods sit, with per-node usage and per-node replica counts per set, and an undo log, so
 * "what if this node failed" can be replayed and rolled back without copying every node's pods.
 * Nodes of one class (same allocatable) are kept sorted by load, so choosing a node visits the
 * least loaded ones first and stops at the first that fits: placement stays close to linear in
 * pods × replicas per set instead of pods × nodes.
 */
export class PlacementState {
  readonly nodes: readonly Node[];
  readonly #pods: PodToPlace[][];
  readonly #cpu: Float64Array;
  readonly #memory: Float64Array;
  /** cpu/allocatable + memory/allocatable: the order LeastAllocated prefers within a class. */
  readonly #load: Float64Array;
  readonly #sets: Map<string, number>[];
  readonly #down = new Set<number>();
  /** Node indexes per class, sorted by (load, index). */
  readonly #classes: number[][];
  readonly #classOf: Int32Array;

  constructor(nodes: readonly Node[]) {
    this.nodes = nodes;
    this.#pods = nodes.map(() => []);
    this.#cpu = new Float64Array(nodes.length);
    this.#memory = new Float64Array(nodes.length);
    this.#load = new Float64Array(nodes.length);
    this.#sets = nodes.map(() => new Map<string, number>());
    this.#classOf = new Int32Array(nodes.length);
    const byKey = new Map<string, number[]>();
    nodes.forEach((node, index) => {
      const key = `${node.allocatable.cpu}/${node.allocatable.memory}`;
      const list = byKey.get(key) ?? [];
      list.push(index);
      byKey.set(key, list);
    });
    this.#classes = [...byKey.values()];
    this.#classes.forEach((list, c) => list.forEach((index) => (this.#classOf[index] = c)));
  }

  /**
   * The node the scheduler would pick, or -1: it must fit the requests and, for required
   * anti-affinity, hold no other replica of the set; among those it prefers nodes without a
   * replica of the set (preferred anti-affinity), then the least allocated node
   * (NodeResourcesFit LeastAllocated), then inventory order.
   */
  choose(pod: PodToPlace): number {
    let best = -1;
    let bestScore = -Infinity;
    for (const list of this.#classes) {
      const candidate = this.#bestIn(list, pod);
      if (candidate < 0) continue;
      const score = this.#score(candidate, pod);
      if (best < 0 || score > bestScore + 1e-12 || (score > bestScore - 1e-12 && candidate < best)) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  /** In one class (ascending load): the first fitting node without a replica of the set, else the first fitting one. */
  #bestIn(list: readonly number[], pod: PodToPlace): number {
    let withSibling = -1;
    for (const i of list) {
      if (this.#down.has(i) || !this.#fits(i, pod)) continue;
      if ((this.#sets[i]!.get(pod.group) ?? 0) === 0) return i;
      if (withSibling < 0 && !pod.spreadRequired) withSibling = i;
    }
    return withSibling;
  }

  #fits(i: number, pod: PodToPlace): boolean {
    const a = this.nodes[i]!.allocatable;
    return this.#cpu[i]! + pod.cpu <= a.cpu + 1e-9 && this.#memory[i]! + pod.memory <= a.memory + 1e-9;
  }

  #score(i: number, pod: PodToPlace): number {
    const a = this.nodes[i]!.allocatable;
    const sibling = (this.#sets[i]!.get(pod.group) ?? 0) > 0;
    return (sibling ? 0 : 10) + (1 - (this.#cpu[i]! + pod.cpu) / a.cpu + (1 - (this.#memory[i]! + pod.memory) / a.memory)) / 2;
  }

  /** Moves node `i` to its place in its class after its load changed by `delta` requests. */
  #adjust(i: number, cpu: number, memory: number): void {
    const list = this.#classes[this.#classOf[i]!]!;
    list.splice(this.#position(list, i), 1);
    this.#cpu[i]! += cpu;
    this.#memory[i]! += memory;
    const a = this.nodes[i]!.allocatable;
    this.#load[i] = this.#cpu[i]! / a.cpu + this.#memory[i]! / a.memory;
    list.splice(this.#position(list, i), 0, i);
  }

  /** Binary search for node `i` by (load, index) in a sorted class list. */
  #position(list: readonly number[], i: number): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const j = list[mid]!;
      if (this.#load[j]! < this.#load[i]! || (this.#load[j] === this.#load[i] && j < i)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Puts a pod on a node; returns the undo entry. */
  put(pod: PodToPlace, node: number): { pod: PodToPlace; node: number } {
    this.#pods[node]!.push(pod);
    this.#adjust(node, pod.cpu, pod.memory);
    this.#sets[node]!.set(pod.group, (this.#sets[node]!.get(pod.group) ?? 0) + 1);
    return { pod, node };
  }

  /** Takes back what `put` did, most recent first. */
  undo(log: readonly { pod: PodToPlace; node: number }[]): void {
    for (let k = log.length - 1; k >= 0; k--) {
      const { pod, node } = log[k]!;
      this.#pods[node]!.pop();
      this.#adjust(node, -pod.cpu, -pod.memory);
      const left = this.#sets[node]!.get(pod.group)! - 1;
      if (left === 0) this.#sets[node]!.delete(pod.group);
      else this.#sets[node]!.set(pod.group, left);
    }
  }

  /**
   * The pods that could not be rescheduled if node `index` failed: its pods are placed on the
   * other nodes around what already runs there, then everything is rolled back.
   */
  replayLoss(index: number): PodToPlace[] {
    this.#down.add(index);
    const log: { pod: PodToPlace; node: number }[] = [];
    const unplaced: PodToPlace[] = [];
    for (const pod of this.#pods[index]!) {
      const node = this.choose(pod);
      if (node < 0) unplaced.push(pod);
      else log.push(this.put(pod, node));
    }
    this.undo(log);
    this.#down.delete(index);
    return unplaced;
  }

  /** Replicas of a set on each node that holds any. */
  setCount(node: number, group: string): number {
    return this.#sets[node]!.get(group) ?? 0;
  }

  podsOn(node: number): readonly PodToPlace[] {
    return this.#pods[node]!;
  }

  used(node: number): { cpu: number; memory: number } {
    return { cpu: this.#cpu[node]!, memory: this.#memory[node]! };
  }
}

/** Places pods in order (see `PlacementState.choose`). Deterministic and pure. */
export function placePods(pods: readonly PodToPlace[], nodes: readonly Node[]): Placement & { readonly state: PlacementState } {
  const state = new PlacementState(nodes);
  const unplaced: PodToPlace[] = [];
  for (const pod of pods) {
    const node = state.choose(pod);
    if (node < 0) unplaced.push(pod);
    else state.put(pod, node);
  }
  const byNode = new Map(nodes.map((n, i) => [n.name, state.podsOn(i)] as const));
  const used = new Map(nodes.map((n, i) => [n.name, state.used(i)] as const));
  return { byNode, unplaced, used, state };
}
