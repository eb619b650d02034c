import { resources, type SizingTable } from '../../platform/sizing.ts';

/** Alertmanager: a gossip cluster of 3 outside dev (seed 002 §Management Layer, R-MON-9). */
export const ALERTMANAGER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('50m', '64Mi', '200m', '256Mi'), storage: '1Gi' },
  small: { replicas: 3, resources: resources('100m', '128Mi', '500m', '512Mi'), storage: '2Gi' },
  production: { replicas: 3, resources: resources('100m', '256Mi', '1', '1Gi'), storage: '5Gi' },
};
