import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.redis`. */
export const redisOptions = baseComponentOptions.extend({});

export type RedisOptions = z.output<typeof redisOptions>;
