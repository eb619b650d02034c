import type { PodFootprint } from '../../model/resources.ts';
import { formatBytes, formatCpu } from '../../platform/quantity.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from '../policy/rule.ts';
import { expandNodes, HEADROOM_FRACTION, inventoryOf, type Node } from './inventory.ts';
import { placePods, podsOf } from './placement.ts';
import { CAP } from './rules.ts';

/** Every footprint of every enabled component. */
export function footprintsOf(platform: Platform): PodFootprint[] {
  return [...platform.components.values()].flatMap((c) => c.build.footprint);
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)}Gi`;
}

function cores(value: number): string {
  return formatCpu(Math.round(value * 1000) / 1000);
}

export interface CapacityPlan {
  readonly nodes: Node[];
  readonly placement: ReturnType<typeof placePods>;
  readonly reference: boolean;
  readonly footprints: PodFootprint[];
}

/** One plan per platform: the capacity and HA checkers share it instead of placing twice. */
const PLANS = new WeakMap<Platform, CapacityPlan>();

/** The nodes and where the platform's pods land on them. Pure (memoised per platform object). */
export function planCapacity(platform: Platform): CapacityPlan {
  const known = PLANS.get(platform);
  if (known !== undefined) return known;
  const { classes, reference } = inventoryOf(platform.config);
  const nodes = expandNodes(classes);
  const footprints = footprintsOf(platform);
  const plan = { nodes, placement: placePods(podsOf(footprints), nodes), reference, footprints };
  PLANS.set(platform, plan);
  return plan;
}

/** CPU and memory requests against the node inventory, with headroom and N+1 rescheduling. */
export const capacityChecker: Checker = {
  id: 'capacity',
  title: 'Capacity',
  run({ platform }) {
    const { nodes, placement, reference, footprints } = planCapacity(platform);
    const findings: Finding[] = [];
    const source = reference ? `the ${platform.config.profile} profile's reference nodes (set config.nodes to describe yours)` : 'config.nodes';
    const pods = podsOf(footprints);
    const total = { cpu: pods.reduce((s, p) => s + p.cpu, 0), memory: pods.reduce((s, p) => s + p.memory, 0) };
    const allocatable = { cpu: nodes.reduce((s, n) => s + n.allocatable.cpu, 0), memory: nodes.reduce((s, n) => s + n.allocatable.memory, 0) };
    if (total.cpu > allocatable.cpu || total.memory > allocatable.memory) {
      findings.push(
        findingOf(CAP.total, {
          message: `pods request ${cores(total.cpu)} CPU / ${gib(total.memory)} memory; ${source} allocate ${cores(allocatable.cpu)} CPU / ${gib(allocatable.memory)}`,
        }),
      );
    }
    const largest = { cpu: Math.max(0, ...nodes.map((n) => n.allocatable.cpu)), memory: Math.max(0, ...nodes.map((n) => n.allocatable.memory)) };
    const tooLarge = new Set<string>();
    for (const f of footprints) {
      const pod = podsOf([{ ...f, replicas: 1 }])[0];
      if (!pod) continue;
      if (nodes.every((n) => pod.cpu > n.allocatable.cpu || pod.memory > n.allocatable.memory)) {
        tooLarge.add(pod.group);
        findings.push(
          findingOf(CAP.podTooLarge, {
            message: `${pod.group} requests ${f.resources.requests.cpu} CPU / ${f.resources.requests.memory} per pod; the largest node in ${source} allocates ${cores(largest.cpu)} CPU / ${gib(largest.memory)}`,
          }),
        );
      }
    }
    const unplacedByGroup = new Map<string, number>();
    for (const pod of placement.unplaced) if (!tooLarge.has(pod.group)) unplacedByGroup.set(pod.group, (unplacedByGroup.get(pod.group) ?? 0) + 1);
    for (const [group, count] of [...unplacedByGroup].sort(([a], [b]) => a.localeCompare(b))) {
      findings.push(findingOf(CAP.unplaced, { message: `${count} pod(s) of ${group} fit on no node of ${source} once the others are placed` }));
    }
    for (const node of nodes) {
      const used = placement.used.get(node.name)!;
      const cpuShare = used.cpu / node.allocatable.cpu;
      const memShare = used.memory / node.allocatable.memory;
      if (Math.max(cpuShare, memShare) > HEADROOM_FRACTION) {
        findings.push(
          findingOf(CAP.headroom, {
            message: `node ${node.name} would be ${Math.round(cpuShare * 100)}% CPU / ${Math.round(memShare * 100)}% memory requested (over ${Math.round(HEADROOM_FRACTION * 100)}% of allocatable ${cores(node.allocatable.cpu)} CPU / ${formatBytes(Math.floor(node.allocatable.memory / 2 ** 20) * 2 ** 20)})`,
          }),
        );
      }
    }
    if (nodes.length > 1 && placement.unplaced.length === 0) {
      nodes.forEach((node, index) => {
        const lost = placement.state.replayLoss(index);
        if (lost.length === 0) return;
        const groups = [...new Set(lost.map((p) => p.group))].sort();
        findings.push(findingOf(CAP.reschedule, { message: `if node ${node.name} fails, ${lost.length} pod(s) cannot be rescheduled: ${groups.join(', ')}` }));
      });
    }
    return findings;
  },
};
