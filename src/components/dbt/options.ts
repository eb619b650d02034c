import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.dbt`. */
export const dbtOptions = baseComponentOptions.extend({});

export type DbtOptions = z.output<typeof dbtOptions>;
