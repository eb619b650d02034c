import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * MinIO server pods. Production follows seed 002 §Storage Layer (4 servers, 16 drives, EC:4);
 * `storage` is the size of one drive. Dev runs one server with four drives, which still erasure-codes.
 */
export const MINIO_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '1Gi', '1', '2Gi'), storage: '10Gi' },
  small: { replicas: 4, resources: resources('500m', '2Gi', '2', '4Gi'), storage: '100Gi' },
  production: { replicas: 4, resources: resources('2', '8Gi', '4', '16Gi'), storage: '1Ti' },
};

/** Drives per server by profile. */
export const MINIO_VOLUMES = { dev: 4, small: 2, production: 4 } as const;
