import type { Profile } from '../../model/names.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * TaskManagers (the main workload): seed 002 asks for 3+ TaskManagers and 2 JobManagers
 * (R-FLINK-2). Memory requests equal limits: Flink sizes its JVM from the pod memory.
 */
export const FLINK_TASKMANAGER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('1', '2Gi', '1', '2Gi') },
  small: { replicas: 2, resources: resources('2', '4Gi', '2', '4Gi') },
  production: { replicas: 3, resources: resources('4', '16Gi', '4', '16Gi') },
};

export const FLINK_JOBMANAGER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('500m', '1536Mi', '500m', '1536Mi') },
  small: { replicas: 1, resources: resources('1', '2Gi', '1', '2Gi') },
  production: { replicas: 2, resources: resources('2', '4Gi', '2', '4Gi') },
};

export const FLINK_SLOTS: Readonly<Record<Profile, number>> = { dev: 2, small: 4, production: 8 };
