import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.cert-manager`. */
export const certManagerOptions = baseComponentOptions.extend({});

export type CertManagerOptions = z.output<typeof certManagerOptions>;
