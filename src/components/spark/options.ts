import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, cronSchedule } from '../../config/primitives.ts';

/**
 * Options under `components.spark`. `replicas` and `resources` of the base block are not used:
 * Spark pods are per application; size them with `executors` and in each SparkApplication.
 */
export const sparkOptions = baseComponentOptions.extend({
  /** The example SparkApplication and its nightly ScheduledSparkApplication. */
  example: z
    .strictObject({
      /** Render the example applications (they create `nessie.demo.events`). @default true */
      enabled: z.boolean().default(true),
      /** Cron schedule of the nightly run (compaction of the example table). @default '0 2 * * *' */
      schedule: cronSchedule(5).default('0 2 * * *'),
      /** Keep the schedule suspended. @default false */
      suspend: z.boolean().default(false),
    })
    .prefault({}),
  /** Executor count bounds, overriding the profile's (dynamic allocation between them when min < max). */
  executors: z.strictObject({ min: count(0).optional(), max: count(1).optional() }).optional(),
  /**
   * Maven repository for the Iceberg and Nessie runtime packages (a mirror in air-gapped clusters).
   * @default Maven Central
   * @see https://spark.apache.org/docs/latest/configuration.html#runtime-environment (spark.jars.repositories)
   */
  packagesRepository: z.url().optional(),
});

export type SparkOptions = z.output<typeof sparkOptions>;
