import type { Consumption } from '../../model/consumption.ts';
import { CDC_TOPIC_PREFIX, ENGINE_PREFIX, TRINO_GROUP_PREFIX } from '../kafka/topics.ts';
import { prefixGroup, prefixTopic } from '../kafka/users.ts';

/**
 * What Trino uses: the Iceberg catalog (Nessie), its buckets, ClickHouse, Schema Registry, and Kafka for the `kafka` catalog:
 * SQL over the data topics (CDC and what the engines write), read-only (no Write, no Create).
 */
export function trinoConsumes(): Consumption[] {
  return [
    { component: 'nessie' },
    { component: 'object-storage' },
    // The `clickhouse` catalog, and Avro decoding of Kafka topics.
    { component: 'clickhouse' },
    { component: 'schema-registry' },
    {
      component: 'kafka',
      kafkaUsers: [
        {
          name: 'trino',
          acls: [
            prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Read', 'Describe']),
            prefixTopic(`${ENGINE_PREFIX.spark}.`, ['Read', 'Describe']),
            prefixTopic(`${ENGINE_PREFIX.flink}.`, ['Read', 'Describe']),
            prefixGroup(`${TRINO_GROUP_PREFIX}-`, ['Read', 'Describe']),
          ],
        },
      ],
    },
  ];
}
