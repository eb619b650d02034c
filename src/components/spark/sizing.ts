import type { Profile } from '../../model/names.ts';

/** One Spark pod kind: cores (request is the limit unless `coreRequest`), heap and overhead in MiB. */
export interface SparkPodSize {
  readonly cores: number;
  /** Kubernetes CPU request when below `cores` (small profiles share nodes). */
  readonly coreRequest?: string;
  readonly memoryMiB: number;
  readonly overheadMiB: number;
}

export interface SparkProfileSize {
  readonly driver: SparkPodSize;
  readonly executor: SparkPodSize;
  /** Executors: fixed at `min` when min = max, dynamic allocation between them otherwise. */
  readonly minExecutors: number;
  readonly maxExecutors: number;
}

/**
 * Per-profile sizing of the example applications. Production keeps the seed's driver (4 cores, 8g)
 * and executor (8 cores, 32g) with its 10 executors as the dynamic-allocation ceiling (R-SPARK-5/6);
 * the overhead is explicit so the pod size (and the quota) is exact. PySpark drivers get a larger
 * overhead for the Python worker.
 */
export const SPARK_SIZING: Readonly<Record<Profile, SparkProfileSize>> = {
  dev: {
    driver: { cores: 1, coreRequest: '250m', memoryMiB: 1024, overheadMiB: 512 },
    executor: { cores: 1, coreRequest: '250m', memoryMiB: 1024, overheadMiB: 384 },
    minExecutors: 1,
    maxExecutors: 1,
  },
  small: {
    driver: { cores: 1, memoryMiB: 2048, overheadMiB: 768 },
    executor: { cores: 2, memoryMiB: 4096, overheadMiB: 512 },
    minExecutors: 1,
    maxExecutors: 4,
  },
  production: {
    driver: { cores: 4, memoryMiB: 8192, overheadMiB: 2048 },
    executor: { cores: 8, memoryMiB: 32768, overheadMiB: 3277 },
    minExecutors: 2,
    maxExecutors: 10,
  },
};
