import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.spark`. */
export const sparkOptions = baseComponentOptions.extend({});

export type SparkOptions = z.output<typeof sparkOptions>;
