import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Keycloak server sizing. Production follows seed 000 (3 instances, clustered); small is the HA
 * minimum (2); dev fits one node. Keycloak's sizing guide starts at 1 vCPU / 1250 MiB per pod
 * for a moderate load.
 * @see https://www.keycloak.org/high-availability/concepts-memory-and-cpu-sizing
 */
export const KEYCLOAK_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '1Gi', '1', '1536Mi') },
  small: { replicas: 2, resources: resources('500m', '1536Mi', '2', '2Gi') },
  production: { replicas: 3, resources: resources('1', '2Gi', '2', '2Gi') },
};
