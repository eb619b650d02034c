import { resources, type SizingTable } from '../../platform/sizing.ts';

/** Per-node collector: one pod on every node (a DaemonSet), so `replicas` is not used. */
export const ALLOY_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('50m', '128Mi', '500m', '256Mi') },
  small: { replicas: 1, resources: resources('100m', '128Mi', '500m', '512Mi') },
  production: { replicas: 1, resources: resources('100m', '256Mi', '1', '512Mi') },
};
