/** Every component the platform knows, in the order the docs list them. */
export const COMPONENT_NAMES = [
  'cert-manager',
  'object-storage',
  'postgres',
  'redis',
  'nessie',
  'kafka',
  'schema-registry',
  'kafka-connect',
  'spark',
  'flink',
  'trino',
  'clickhouse',
  'dbt',
  'keycloak',
  'airflow',
  'jupyterhub',
  'mlflow',
  'superset',
  'prometheus',
  'alertmanager',
  'grafana',
  'loki',
  'alloy',
] as const;

export type ComponentName = (typeof COMPONENT_NAMES)[number];

export function isComponentName(value: string): value is ComponentName {
  return (COMPONENT_NAMES as readonly string[]).includes(value);
}

/** Functional tiers of the architecture document (seed 000 §Namespace Strategy). */
export const TIERS = [
  'system',
  'catalog',
  'streaming',
  'processing',
  'query',
  'analytics',
  'iam',
  'monitoring',
] as const;
export type Tier = (typeof TIERS)[number];

/** The delivery package's layers (seed 002 §Namespace Layer). */
export const LAYERS = ['operators', 'storage', 'control', 'data', 'management'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Deploy phases, applied in this order; components in one phase with no dependency between
 * them are applied in parallel.
 */
export const PHASES = ['operators', 'foundation', 'storage', 'catalog', 'streaming', 'processing', 'query', 'iam', 'analytics', 'monitoring'] as const;
export type Phase = (typeof PHASES)[number];

export const TARGETS = ['openshift', 'kubernetes'] as const;
export type Target = (typeof TARGETS)[number];

export const PROFILES = ['dev', 'small', 'production'] as const;
export type Profile = (typeof PROFILES)[number];

export const LAYOUTS = ['functional', 'layered'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The three storage tiers of seed 000 §Cluster Topology. */
export const STORAGE_TIERS = ['fast', 'standard', 'shared'] as const;
export type StorageTier = (typeof STORAGE_TIERS)[number];
