import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * ClickHouse server pods. Production: 3 replicas, 500Gi fast storage each (seed 000 §Storage
 * Requirements, R-CH-2) on the query workers (32 vCPU / 128 GB, R-SIZE-10).
 */
export const CLICKHOUSE_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '1Gi', '1', '2Gi'), storage: '10Gi' },
  small: { replicas: 3, resources: resources('1', '4Gi', '2', '8Gi'), storage: '100Gi' },
  production: { replicas: 3, resources: resources('4', '16Gi', '8', '32Gi'), storage: '500Gi' },
};

/** ClickHouse Keeper pods (Raft quorum for ReplicatedMergeTree, audit A-41). */
export const KEEPER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '256Mi', '500m', '1Gi'), storage: '5Gi' },
  small: { replicas: 3, resources: resources('250m', '512Mi', '1', '2Gi'), storage: '10Gi' },
  production: { replicas: 3, resources: resources('500m', '1Gi', '2', '4Gi'), storage: '20Gi' },
};
