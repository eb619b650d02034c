import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.object-storage`. */
export const objectStorageOptions = baseComponentOptions.extend({});

export type ObjectStorageOptions = z.output<typeof objectStorageOptions>;
