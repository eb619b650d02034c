import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { intAtLeast } from '../../config/primitives.ts';
import { DEFAULT_STRIMZI_RELEASE, STRIMZI_RELEASE_NAMES } from './strimzi.ts';

/**
 * Options under `components.kafka`. The base `replicas`/`resources`/`storage` apply to the broker
 * pool (the dual-role pool in `dev` and `small`); `version` is the Kafka version and `image` a
 * custom Kafka image for the Strimzi release in use.
 */
export const kafkaOptions = baseComponentOptions.extend({
  /**
   * Strimzi release to install and drive. 1.2.0 needs Kubernetes 1.30+ (OpenShift 4.17+); pick
   * 0.50.1 on older clusters (it runs Kafka 4.1.1). Both serve the `kafka.strimzi.io/v1` API.
   * @default '1.2.0'
   * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/CHANGELOG.md
   */
  strimzi: z.enum(STRIMZI_RELEASE_NAMES).default(DEFAULT_STRIMZI_RELEASE),
  /**
   * KRaft roles: `separate` runs 3 dedicated controllers next to the brokers (Kafka's advice for
   * production), `dual-role` runs combined nodes. @default 'separate' in production, 'dual-role' otherwise
   * @see https://kafka.apache.org/documentation/#kraft_role
   */
  roles: z.enum(['separate', 'dual-role']).optional(),
  /** Log retention for topics without their own. @default 168 (seed 000) */
  retentionHours: intAtLeast(1).default(168),
});

export type KafkaOptions = z.output<typeof kafkaOptions>;
