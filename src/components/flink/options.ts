import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.flink`. */
export const flinkOptions = baseComponentOptions.extend({});

export type FlinkOptions = z.output<typeof flinkOptions>;
