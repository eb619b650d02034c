import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.schema-registry`. */
export const schemaRegistryOptions = baseComponentOptions.extend({
  /**
   * Default compatibility level for new subjects.
   * @default 'BACKWARD' (Schema Registry's own default)
   * @see https://docs.confluent.io/platform/current/schema-registry/fundamentals/schema-evolution.html
   */
  compatibility: z
    .enum(['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'])
    .default('BACKWARD'),
});

export type SchemaRegistryOptions = z.output<typeof schemaRegistryOptions>;
