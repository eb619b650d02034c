import type { Profile } from '../../model/names.ts';
import type { PodFootprint } from '../../model/resources.ts';
import { formatBytes, formatCpu, parseQuantity } from '../quantity.ts';
import type { Deriver, PlacedObject } from '../platform.ts';
import { createdNamespaces, namespaceOwner } from './namespaces.ts';
import { platformLabels } from './platform-labels.ts';

/**
 * Headroom over the sum of what the namespace's pods ask for: rolling updates surge one pod,
 * operators add helper pods (Strimzi entity operator, CNPG jobs), Spark/Flink scale at run time.
 */
const HEADROOM = 1.5;

/** Quota floor per profile, so a namespace with small footprints still fits operator helpers. */
const FLOOR: Record<Profile, { cpu: number; memory: number; storage: number; pods: number }> = {
  dev: { cpu: 2, memory: 4 * 2 ** 30, storage: 20 * 2 ** 30, pods: 20 },
  small: { cpu: 8, memory: 16 * 2 ** 30, storage: 200 * 2 ** 30, pods: 50 },
  production: { cpu: 16, memory: 64 * 2 ** 30, storage: 1024 * 2 ** 30, pods: 100 },
};

/** Container defaults the LimitRange applies to anything without requests/limits (operator helper pods). */
const CONTAINER_DEFAULTS: Record<Profile, { request: [string, string]; limit: [string, string] }> = {
  dev: { request: ['50m', '64Mi'], limit: ['500m', '512Mi'] },
  small: { request: ['100m', '128Mi'], limit: ['1', '1Gi'] },
  production: { request: ['100m', '256Mi'], limit: ['2', '2Gi'] },
};

export interface NamespaceTotals {
  cpuRequests: number;
  memoryRequests: number;
  cpuLimits: number;
  memoryLimits: number;
  storage: number;
  pods: number;
}

/** Sums footprints per namespace. Pure. */
export function totalsByNamespace(footprints: readonly PodFootprint[]): Map<string, NamespaceTotals> {
  const totals = new Map<string, NamespaceTotals>();
  for (const f of footprints) {
    const t = totals.get(f.namespace) ?? { cpuRequests: 0, memoryRequests: 0, cpuLimits: 0, memoryLimits: 0, storage: 0, pods: 0 };
    t.cpuRequests += parseQuantity(f.resources.requests.cpu) * f.replicas;
    t.memoryRequests += parseQuantity(f.resources.requests.memory) * f.replicas;
    t.cpuLimits += parseQuantity(f.resources.limits.cpu) * f.replicas;
    t.memoryLimits += parseQuantity(f.resources.limits.memory) * f.replicas;
    for (const s of f.storage ?? []) t.storage += parseQuantity(s.size) * f.replicas;
    t.pods += f.replicas;
    totals.set(f.namespace, t);
  }
  return totals;
}

function roundCpu(cores: number): string {
  return formatCpu(Math.ceil(cores));
}

function roundGi(bytes: number): string {
  return formatBytes(Math.ceil(bytes / 2 ** 30) * 2 ** 30);
}

/**
 * A ResourceQuota and a LimitRange per namespace, sized from the declared footprints of the
 * components in it (seed 000's fixed production figures, R-QUOTA-1..5, are far above what the
 * components ask for and say nothing for iam/monitoring/system: R-QUOTA-6).
 */
export const deriveQuotas: Deriver = (draft) => {
  const footprints = [...draft.components.values()].flatMap((c) => c.build.footprint);
  const totals = totalsByNamespace(footprints);
  const layoutNamespaces = new Set(draft.namespaces);
  const ownerOf = namespaceOwner(draft);
  const out: PlacedObject[] = [];
  for (const namespace of createdNamespaces(draft)) {
    const owner = ownerOf(namespace);
    // A dedicated operator namespace runs one controller: the smallest floor is room enough.
    const size = layoutNamespaces.has(namespace) ? draft.config.profile : 'dev';
    const floor = FLOOR[size];
    const defaults = CONTAINER_DEFAULTS[size];
    const t = totals.get(namespace) ?? { cpuRequests: 0, memoryRequests: 0, cpuLimits: 0, memoryLimits: 0, storage: 0, pods: 0 };
    const labels = platformLabels(draft.config, 'quota');
    out.push({
      owner,
      object: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'datalyptica-quota', namespace, labels },
        spec: {
          hard: {
            'requests.cpu': roundCpu(Math.max(floor.cpu, t.cpuRequests * HEADROOM)),
            'requests.memory': roundGi(Math.max(floor.memory, t.memoryRequests * HEADROOM)),
            'limits.cpu': roundCpu(Math.max(floor.cpu * 2, t.cpuLimits * HEADROOM)),
            'limits.memory': roundGi(Math.max(floor.memory * 2, t.memoryLimits * HEADROOM)),
            'requests.storage': roundGi(Math.max(floor.storage, t.storage * HEADROOM)),
            pods: String(Math.max(floor.pods, Math.ceil(t.pods * 2))),
          },
        },
      },
    });
    out.push({
      owner,
      object: {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'datalyptica-limits', namespace, labels: platformLabels(draft.config, 'limits') },
        spec: {
          limits: [
            {
              type: 'Container',
              defaultRequest: { cpu: defaults.request[0], memory: defaults.request[1] },
              default: { cpu: defaults.limit[0], memory: defaults.limit[1] },
            },
          ],
        },
      },
    });
  }
  return out;
};
