import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.alloy` (Kubernetes only; OpenShift collects through the Logging operator). */
export const alloyOptions = baseComponentOptions.extend({});

export type AlloyOptions = z.output<typeof alloyOptions>;
