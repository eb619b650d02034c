import type { Consumption } from '../../model/consumption.ts';
import { SCHEMAS_TOPIC, SCHEMA_REGISTRY_GROUP } from '../kafka/topics.ts';
import { literalTopic, prefixGroup } from '../kafka/users.ts';

/** The Kafka user Schema Registry stores schemas as. */
export const SCHEMA_REGISTRY_KAFKA_USER = 'schema-registry';

/**
 * Kafka, as its own KafkaUser: it verifies the store topic's compaction (DescribeConfigs), reads it
 * back and appends to it; the group prefix covers both the leader-election group and the store
 * reader's group.
 */
export function schemaRegistryConsumes(): Consumption[] {
  return [
    {
      component: 'kafka',
      kafkaUsers: [
        {
          name: SCHEMA_REGISTRY_KAFKA_USER,
          acls: [literalTopic(SCHEMAS_TOPIC, ['Read', 'Write', 'Describe', 'DescribeConfigs']), prefixGroup(SCHEMA_REGISTRY_GROUP, ['Read', 'Describe'])],
        },
      ],
    },
  ];
}
