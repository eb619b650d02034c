import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Nessie server sizing. Production follows seed 000 §Component Deployment/2 (3 replicas);
 * dev fits a one-node cluster.
 */
export const NESSIE_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '1Gi') },
  small: { replicas: 2, resources: resources('500m', '1Gi', '2', '2Gi') },
  production: { replicas: 3, resources: resources('1', '2Gi', '2', '4Gi') },
};
