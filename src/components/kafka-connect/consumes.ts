import type { BuildContext } from '../../model/build-context.ts';
import type { Consumption } from '../../model/consumption.ts';
import type { KafkaAclOperation } from '../../model/consumption.ts';
import { CDC_TOPIC_PREFIX, connectNames } from '../kafka/topics.ts';
import { literalGroup, literalTopic, prefixTopic } from '../kafka/users.ts';

/** The Kafka users of the Connect workers and of the Debezium CDC connector that runs inside them. */
export const CONNECT_KAFKA_USER = 'kafka-connect';
export const DEBEZIUM_KAFKA_USER = 'debezium';

/**
 * Kafka, as two KafkaUsers: the workers (their three internal topics and group) and the CDC
 * connector, whose producer and admin client run under their own principal (client overrides);
 * Create lets Connect create topics for newly captured tables.
 */
export function kafkaConnectConsumes(ctx: BuildContext): Consumption[] {
  const names = connectNames(ctx);
  const internal: KafkaAclOperation[] = ['Read', 'Write', 'Describe', 'DescribeConfigs', 'Create'];
  return [
    // Avro converters register and look up schemas.
    { component: 'schema-registry' },
    {
      component: 'kafka',
      kafkaUsers: [
        {
          name: CONNECT_KAFKA_USER,
          acls: [literalTopic(names.configs, internal), literalTopic(names.offsets, internal), literalTopic(names.status, internal), literalGroup(names.groupId, ['Read', 'Describe'])],
        },
        { name: DEBEZIUM_KAFKA_USER, acls: [prefixTopic(`${CDC_TOPIC_PREFIX}.`, ['Write', 'Describe', 'DescribeConfigs', 'Create'])] },
      ],
    },
  ];
}
