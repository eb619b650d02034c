import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.postgres`. */
export const postgresOptions = baseComponentOptions.extend({});

export type PostgresOptions = z.output<typeof postgresOptions>;
