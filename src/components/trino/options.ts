import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.trino`. */
export const trinoOptions = baseComponentOptions.extend({});

export type TrinoOptions = z.output<typeof trinoOptions>;
