import type { BaseComponentOptions } from '../config/component-options.ts';
import type { Profile } from '../model/names.ts';
import type { ResourceSpec } from '../model/resources.ts';

/** What a profile sets for one workload of a component. */
export interface Sizing {
  readonly replicas: number;
  readonly resources: ResourceSpec;
  /** PVC size per replica, when the workload keeps data. */
  readonly storage?: string;
}

export type SizingTable = Readonly<Record<Profile, Sizing>>;

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
