import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * The one coordinator. Production keeps the seed's 8/16 CPU and 64Gi (R-TRINO-6) with the memory
 * request raised to the limit: the JVM heap is sized from the limit, and a pod above its request
 * is first to be evicted under node pressure.
 */
export const TRINO_COORDINATOR_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('500m', '2Gi', '2', '2Gi') },
  small: { replicas: 1, resources: resources('1', '8Gi', '4', '8Gi') },
  production: { replicas: 1, resources: resources('8', '64Gi', '16', '64Gi') },
};

/**
 * Workers. Production runs 5, one per query node of seed 000's 5 × (32 vCPU, 128 GB) pool, instead
 * of the seed's 10 × 64Gi, which cannot fit that pool next to ClickHouse (audit I-03, C-17);
 * `replicas` or autoscaling raise it. The spill volume is the seed's 500Gi.
 */
export const TRINO_WORKER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('500m', '2Gi', '2', '2Gi') },
  small: { replicas: 2, resources: resources('2', '8Gi', '4', '8Gi'), storage: '100Gi' },
  production: { replicas: 5, resources: resources('8', '64Gi', '16', '64Gi'), storage: '500Gi' },
};
