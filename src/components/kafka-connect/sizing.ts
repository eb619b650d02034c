import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Connect workers. Production: 3 (seed 000; 002 says 2, audit C-15: 3 keeps tasks running
 * through a node loss and a rolling update at once); small 2; dev 1.
 */
export const KAFKA_CONNECT_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '1Gi', '1', '1Gi') },
  small: { replicas: 2, resources: resources('500m', '2Gi', '2', '2Gi') },
  production: { replicas: 3, resources: resources('1', '4Gi', '4', '4Gi') },
};

/** The Connect build pod (Kaniko/Buildah on Kubernetes). */
export const KAFKA_CONNECT_BUILD_RESOURCES = resources('500m', '1Gi', '2', '2Gi');
