import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * PostgreSQL instances. Production is seed 000 §Component Deployment/1 (3 instances, requests
 * 4 CPU / 16Gi, limits 8 / 32Gi, 500Gi on the fast tier); small keeps HA with 2; dev is one.
 */
export const POSTGRES_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '1Gi'), storage: '10Gi' },
  small: { replicas: 2, resources: resources('1', '4Gi', '2', '8Gi'), storage: '100Gi' },
  production: { replicas: 3, resources: resources('4', '16Gi', '8', '32Gi'), storage: '500Gi' },
};

/** PgBouncer pods: light, but two of them so a node loss keeps the pooler up. */
export const POOLER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '64Mi', '500m', '256Mi') },
  small: { replicas: 2, resources: resources('250m', '128Mi', '1', '512Mi') },
  production: { replicas: 2, resources: resources('500m', '256Mi', '2', '1Gi') },
};
