import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Schema Registry sizing. Production: 3 replicas with the seed's requests/limits (seed 000; 002
 * says 2, audit C-14: 3 keeps a majority through a node loss). Small runs 2, dev 1.
 */
export const SCHEMA_REGISTRY_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '768Mi') },
  small: { replicas: 2, resources: resources('500m', '1Gi', '1', '1Gi') },
  production: { replicas: 3, resources: resources('1', '2Gi', '2', '4Gi') },
};
