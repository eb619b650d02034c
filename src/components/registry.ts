import { z } from 'zod';
import type { ComponentsSchema } from '../config/settings.ts';
import type { ComponentDefinition } from '../model/component.ts';
import { airflow } from './airflow/index.ts';
import { certManager } from './cert-manager/index.ts';
import { clickhouse } from './clickhouse/index.ts';
import { dbt } from './dbt/index.ts';
import { kafkaConnect } from './kafka-connect/index.ts';
import { kafka } from './kafka/index.ts';
import { keycloak } from './keycloak/index.ts';
import { nessie } from './nessie/index.ts';
import { postgres } from './postgres/index.ts';
import { redis } from './redis/index.ts';
import { objectStorage } from './object-storage/index.ts';
import { schemaRegistry } from './schema-registry/index.ts';
import { flink } from './flink/index.ts';
import { jupyterhub } from './jupyterhub/index.ts';
import { spark } from './spark/index.ts';
import { trino } from './trino/index.ts';
import { mlflow } from './mlflow/index.ts';
import { superset } from './superset/index.ts';
import { prometheus } from './prometheus/index.ts';
import { alertmanager } from './alertmanager/index.ts';
import { grafana } from './grafana/index.ts';
import { loki } from './loki/index.ts';
import { alloy } from './alloy/index.ts';

/**
 * Every implemented component, in registry order (the order of `COMPONENT_NAMES`). Adding a
 * component: its folder and one line here (see docs/contributing.md).
 */
export const COMPONENTS: readonly ComponentDefinition[] = [
  certManager,
  objectStorage,
  postgres,
  redis,
  nessie,
  kafka,
  schemaRegistry,
  kafkaConnect,
  spark,
  flink,
  trino,
  clickhouse,
  dbt,
  keycloak,
  airflow,
  jupyterhub,
  mlflow,
  superset,
  prometheus,
  alertmanager,
  grafana,
  loki,
  alloy,
];

/**
 * `components.<name>` for every registered component, each from its definition's own schema.
 * `prefault({})` applies a component's defaults when its block is absent, so every block resolves.
 */
export const componentsSchema: ComponentsSchema = z
  .strictObject(Object.fromEntries(COMPONENTS.map((definition) => [definition.name, definition.options.prefault({})])))
  .prefault({});
