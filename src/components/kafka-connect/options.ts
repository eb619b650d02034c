import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.kafka-connect`. */
export const kafkaConnectOptions = baseComponentOptions.extend({});

export type KafkaConnectOptions = z.output<typeof kafkaConnectOptions>;
