import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { dnsSubdomain, imageReference } from '../../config/primitives.ts';

/** A `schema.table` PostgreSQL table name, as Debezium's `table.include.list` takes it. */
const tableName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, { error: 'expected a lowercase "schema.table" name such as "public.orders"' });

/**
 * Options under `components.kafka-connect`. By default Strimzi builds the worker image (Debezium
 * PostgreSQL connector + Confluent Avro converter); `image` runs a pre-built image instead.
 */
export const kafkaConnectOptions = baseComponentOptions.extend({
  /**
   * The Connect build (ignored when `image` is set). On OpenShift the image goes to an ImageStream
   * in the Connect namespace; on Kubernetes to `output`, which must be a registry you can push to.
   * @see https://strimzi.io/docs/operators/latest/deploying#creating-new-image-using-kafka-connect-build-str
   */
  build: z
    .strictObject({
      /** Push target on Kubernetes (`registry.example.com/team/kafka-connect:tag`). @default `<images.registry>/datalyptica-kafka-connect:<tag>` */
      output: imageReference.optional(),
      /** Secret (type kubernetes.io/dockerconfigjson) with push credentials for `output`. */
      pushSecret: dnsSubdomain.optional(),
    })
    .prefault({}),
  /**
   * Render the example KafkaConnector that streams `cdcTables` from the platform PostgreSQL
   * (database and role `debezium`, which needs the REPLICATION attribute). @default false
   * @see https://debezium.io/documentation/reference/stable/connectors/postgresql.html
   */
  cdcExample: z.boolean().default(false),
  /** Tables the example captures; each gets a `cdc.<schema>.<table>` KafkaTopic. @default ['public.events'] */
  cdcTables: z.array(tableName).min(1).default(['public.events']),
});

export type KafkaConnectOptions = z.output<typeof kafkaConnectOptions>;
