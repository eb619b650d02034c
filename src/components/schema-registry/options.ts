import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.schema-registry`. */
export const schemaRegistryOptions = baseComponentOptions.extend({});

export type SchemaRegistryOptions = z.output<typeof schemaRegistryOptions>;
