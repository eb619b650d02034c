import type { ResolvedConfig } from '../../config/schema.ts';
import type { Profile } from '../../model/names.ts';
import { parseQuantity } from '../../platform/quantity.ts';

/** A class of identical nodes, as in `config.nodes`. */
export interface NodeClass {
  readonly name: string;
  readonly count: number;
  readonly cpu: string;
  readonly memory: string;
  readonly zone?: string;
}

/** One schedulable node, with what pods may request on it. */
export interface Node {
  readonly name: string;
  readonly nodeClass: string;
  readonly zone?: string;
  /** Cores and bytes of the machine. */
  readonly capacity: { readonly cpu: number; readonly memory: number };
  /** What is left for pods after the system reservation. */
  readonly allocatable: { readonly cpu: number; readonly memory: number };
}

/**
 * Share of a node's CPU and memory that pods can request. The kubelet's system-reserved and
 * kube-reserved, the eviction threshold and the per-node DaemonSets (OVN, DNS, monitoring agents,
 * CSI) take about a tenth on OpenShift worker sizes.
 * @see https://docs.openshift.com/container-platform/latest/nodes/nodes/nodes-nodes-resources-configuring.html
 */
export const ALLOCATABLE_FRACTION = 0.9;

/**
 * Requests above this share of a node's allocatable leave no room for a rolling update's surge
 * pod, operator helper pods or Spark/Flink scaling: a warning, not an error.
 */
export const HEADROOM_FRACTION = 0.85;

/**
 * The node inventory assumed when `config.nodes` is absent: the workers of each profile, from
 * the seeds. dev: one node of the seed's performance reference size (16 vCPU / 64 GB, R-SIZE-14);
 * small: seed 000's 5 workers of 32 vCPU / 128 GB (R-SIZE-3); production: seed 000's five
 * dedicated worker pools (R-SIZE-7..11), 22 nodes. Control-plane and infrastructure nodes run no
 * platform pods and are not counted.
 */
export const REFERENCE_INVENTORY: Readonly<Record<Profile, readonly NodeClass[]>> = {
  dev: [{ name: 'dev', count: 1, cpu: '16', memory: '64Gi' }],
  small: [{ name: 'worker', count: 5, cpu: '32', memory: '128Gi' }],
  production: [
    { name: 'catalog', count: 3, cpu: '32', memory: '128Gi' },
    { name: 'streaming', count: 5, cpu: '32', memory: '128Gi' },
    { name: 'processing', count: 6, cpu: '64', memory: '256Gi' },
    { name: 'query', count: 5, cpu: '32', memory: '128Gi' },
    { name: 'analytics', count: 3, cpu: '32', memory: '128Gi' },
  ],
};

/** The node classes in force: `config.nodes`, else the profile's reference inventory. */
export function inventoryOf(config: Pick<ResolvedConfig, 'nodes' | 'profile'>): { classes: readonly NodeClass[]; reference: boolean } {
  if (config.nodes && config.nodes.length > 0) return { classes: config.nodes, reference: false };
  return { classes: REFERENCE_INVENTORY[config.profile], reference: true };
}

/** Expands node classes into named nodes (`query-1`...), in declaration order. */
export function expandNodes(classes: readonly NodeClass[]): Node[] {
  const nodes: Node[] = [];
  for (const c of classes) {
    const cpu = parseQuantity(c.cpu);
    const memory = parseQuantity(c.memory);
    for (let i = 1; i <= c.count; i++) {
      nodes.push({
        name: `${c.name}-${i}`,
        nodeClass: c.name,
        ...(c.zone !== undefined ? { zone: c.zone } : {}),
        capacity: { cpu, memory },
        allocatable: { cpu: cpu * ALLOCATABLE_FRACTION, memory: memory * ALLOCATABLE_FRACTION },
      });
    }
  }
  return nodes;
}
