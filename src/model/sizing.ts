import type { Profile } from './names.ts';
import type { ResourceSpec } from './resources.ts';

/** What a profile sets for one workload of a component. */
export interface Sizing {
  readonly replicas: number;
  readonly resources: ResourceSpec;
  /** PVC size per replica, when the workload keeps data. */
  readonly storage?: string;
}

export type SizingTable = Readonly<Record<Profile, Sizing>>;
