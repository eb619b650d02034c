import type { Profile } from '../../model/names.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Prometheus servers. Production: the seed's HA pair with 4 CPU / 16Gi requests, 8 CPU / 32Gi
 * limits and 500Gi on the standard tier (seed 000 §Monitoring Stack, R-MON-1, R-STOR-14).
 */
export const PROMETHEUS_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('200m', '1Gi', '1', '2Gi'), storage: '10Gi' },
  small: { replicas: 2, resources: resources('500m', '4Gi', '2', '8Gi'), storage: '100Gi' },
  production: { replicas: 2, resources: resources('4', '16Gi', '8', '32Gi'), storage: '500Gi' },
};

/** Retention per profile: production keeps the seed's 30 days. */
export const PROMETHEUS_RETENTION: Record<Profile, string> = { dev: '3d', small: '15d', production: '30d' };
