import type { ComponentDefinition } from '../model/component.ts';
import { nessie } from './nessie/index.ts';

/**
 * Every implemented component, in registry order (the order of `COMPONENT_NAMES`). Adding a
 * component: its folder, its options in `options.ts`, and one line here.
 */
export const COMPONENTS: readonly ComponentDefinition[] = [
  // 'cert-manager', 'object-storage', 'postgres', 'redis',
  nessie,
  // 'kafka', 'schema-registry', 'kafka-connect', 'spark', 'flink', 'trino', 'clickhouse', 'dbt'
];
