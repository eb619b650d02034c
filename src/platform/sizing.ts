import type { BaseComponentOptions } from '../config/component-options.ts';
import type { Sizing } from '../model/sizing.ts';
import type { ResourceSpec } from '../model/resources.ts';

export type { Sizing, SizingTable } from '../model/sizing.ts';

/** Builds a ResourceSpec from four quantities: requests cpu/memory, limits cpu/memory. */
export function resources(requestCpu: string, requestMemory: string, limitCpu: string, limitMemory: string): ResourceSpec {
  return { requests: { cpu: requestCpu, memory: requestMemory }, limits: { cpu: limitCpu, memory: limitMemory } };
}

/**
 * The profile's sizing with the user's `components.<name>` overrides merged over it. Overrides
 * apply to the component's main workload; multi-workload components expose per-role keys in
 * their own options.
 */
export function applySizingOverrides(base: Sizing, options: Pick<BaseComponentOptions, 'replicas' | 'resources' | 'storage'>): Sizing {
  const r = options.resources;
  const merged: Sizing = {
    replicas: options.replicas ?? base.replicas,
    resources: {
      requests: {
        cpu: r?.requests?.cpu ?? base.resources.requests.cpu,
        memory: r?.requests?.memory ?? base.resources.requests.memory,
      },
      limits: {
        cpu: r?.limits?.cpu ?? base.resources.limits.cpu,
        memory: r?.limits?.memory ?? base.resources.limits.memory,
      },
    },
  };
  const storage = options.storage?.size ?? base.storage;
  return storage === undefined ? merged : { ...merged, storage };
}
