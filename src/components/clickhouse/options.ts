import type { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.clickhouse`. */
export const clickhouseOptions = baseComponentOptions.extend({});

export type ClickhouseOptions = z.output<typeof clickhouseOptions>;
