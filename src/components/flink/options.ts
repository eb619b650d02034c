import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count } from '../../config/primitives.ts';

/**
 * Options under `components.flink`. `replicas` is the number of TaskManagers the session cluster
 * keeps allocated; `resources` sizes a TaskManager.
 */
export const flinkOptions = baseComponentOptions
  .extend({
    /** Task slots per TaskManager. @default 2 (dev), 4 (small), 8 (production) */
    slotsPerTaskManager: count(1).optional(),
    /** JobManagers (2 = one standby, production default; always with Kubernetes HA). */
    jobManagerReplicas: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /**
     * The example FlinkSessionJob (Kafka topic `flink.events` -> Iceberg `nessie.demo.flink_events`).
     * Off by default: it needs a SQL-runner jar that bundles the Kafka and Iceberg connectors.
     * @see https://github.com/apache/flink-kubernetes-operator/tree/main/examples/flink-sql-runner-example
     */
    exampleJob: z
      .strictObject({
        /** @default false */
        enabled: z.boolean().default(false),
        /** Where the session cluster fetches the job jar (https:// or s3://). */
        jarURI: z.string().regex(/^(https?|s3|local):\/\//, { error: 'expected a jar URI such as "https://repo.example.com/sql-runner.jar"' }).optional(),
        /** Main class of the jar. @default 'org.apache.flink.examples.SqlRunner' */
        entryClass: z.string().min(1).default('org.apache.flink.examples.SqlRunner'),
        /** @default 2 */
        parallelism: count(1).default(2),
      })
      .prefault({}),
  })
  .refine((o) => !o.exampleJob.enabled || o.exampleJob.jarURI !== undefined, {
    error: 'required when exampleJob.enabled is true (the SQL-runner jar with the Kafka and Iceberg connectors)',
    path: ['exampleJob', 'jarURI'],
  });

export type FlinkOptions = z.output<typeof flinkOptions>;
