import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.loki`. */
export const lokiOptions = baseComponentOptions.extend({
  /**
   * Days log lines are kept; the compactor (native render) or the LokiStack deletes older chunks.
   * @default the profile's: 3 (dev), 7 (small), 30 (production)
   * @see https://grafana.com/docs/loki/latest/operations/storage/retention/
   */
  retentionDays: z.number().int().min(1).max(3650).optional().describe("Days log lines are kept (default: the profile's)."),
});

export type LokiOptions = z.output<typeof lokiOptions>;
