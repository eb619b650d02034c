import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count } from '../../config/primitives.ts';

/** Server engines the OT redis-operator can run. */
export const REDIS_ENGINES = ['redis', 'valkey'] as const;
export type RedisEngine = (typeof REDIS_ENGINES)[number];

/** Options under `components.redis`. */
export const redisOptions = baseComponentOptions.extend({
  /**
   * `redis`: the operator's own Redis image (Redis 8, AGPLv3 option of its tri-licence).
   * `valkey`: Valkey (BSD-3-Clause) — the operator has no native Valkey support yet
   * (OT-CONTAINER-KIT/redis-operator#1395), so this needs its alpha `GenerateConfigInInitContainer`
   * feature gate, which the operator requirement then enables. See docs/components/redis.md.
   * @default 'redis'
   */
  engine: z.enum(REDIS_ENGINES).default('redis'),
  /** Sentinel pods watching the replication group. @default 3 (1 in dev) */
  sentinels: count(1).optional(),
});

export type RedisOptions = z.output<typeof redisOptions>;
