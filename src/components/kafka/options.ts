import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.kafka`. */
export const kafkaOptions = baseComponentOptions.extend({});

export type KafkaOptions = z.output<typeof kafkaOptions>;
