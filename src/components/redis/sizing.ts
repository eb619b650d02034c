import { resources, type SizingTable } from '../../platform/sizing.ts';

/** Redis data pods. Production: 3 replicas with 50Gi each on the fast tier (seed 000 §Storage Requirements). */
export const REDIS_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '256Mi', '500m', '512Mi'), storage: '2Gi' },
  small: { replicas: 3, resources: resources('250m', '1Gi', '1', '2Gi'), storage: '10Gi' },
  production: { replicas: 3, resources: resources('500m', '4Gi', '2', '8Gi'), storage: '50Gi' },
};

/** Sentinel pods: tiny, three for a quorum of two. */
export const SENTINEL_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('50m', '64Mi', '200m', '128Mi') },
  small: { replicas: 3, resources: resources('50m', '64Mi', '200m', '128Mi') },
  production: { replicas: 3, resources: resources('100m', '128Mi', '500m', '256Mi') },
};
