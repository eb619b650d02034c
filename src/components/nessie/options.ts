import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.nessie`. */
export const nessieOptions = baseComponentOptions.extend({});

export type NessieOptions = z.output<typeof nessieOptions>;
