import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, quantity } from '../../config/primitives.ts';

/**
 * Options under `components.clickhouse`. `replicas` is replicas per shard (the profile's: 3 in
 * production and small, 1 in dev).
 */
export const clickhouseOptions = baseComponentOptions.extend({
  /** Shards; each has `replicas` replicas. @default 1 */
  shards: count(1).default(1),
  /** ClickHouse Keeper nodes; an odd number for a Raft quorum. @default 3 (1 in dev) */
  keeperReplicas: z.union([z.literal(1), z.literal(3), z.literal(5)]).optional(),
  /** Keeper volume size. @default '20Gi' (production), '10Gi' (small), '5Gi' (dev) */
  keeperStorage: quantity.optional(),
  /**
   * An S3 disk and a `tiered` storage policy (local hot, S3 cold) with the platform's S3 keys.
   * @see https://clickhouse.com/docs/operations/storing-data#configuring-s3
   */
  s3Disk: z
    .strictObject({
      /** @default false */
      enabled: z.boolean().default(false),
      /** Which bucket. @default 'warehouse' */
      bucket: z.enum(['warehouse', 'backups', 'apps']).default('warehouse'),
      /** Key prefix inside the bucket. @default 'clickhouse/' */
      prefix: z.string().regex(/^[A-Za-z0-9._/-]*\/$/, { error: 'expected a key prefix ending in "/"' }).default('clickhouse/'),
    })
    .prefault({}),
});

export type ClickhouseOptions = z.output<typeof clickhouseOptions>;
