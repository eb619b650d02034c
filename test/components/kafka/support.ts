import { resolveConfig } from '../../../src/config/load.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { COMPONENTS } from '../../../src/components/registry.ts';
import { emptyBuild, type ComponentDefinition } from '../../../src/model/component.ts';
import type { ComponentName } from '../../../src/model/names.ts';
import { assemblePlatform } from '../../../src/platform/assemble.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { baseComponentOptions } from '../../../src/config/component-options.ts';

/** The streaming tier and what it needs, without the other tiers (their own tests cover them). */
const STREAMING: readonly ComponentName[] = ['object-storage', 'postgres', 'kafka', 'schema-registry', 'kafka-connect'];

/**
 * A stand-in for a Kafka client component another team builds: its name, namespace and what it
 * declares it consumes (its KafkaUser and ACLs) matter here, its objects do not.
 */
function client(name: 'flink' | 'spark' | 'trino'): ComponentDefinition {
  const real = COMPONENTS.find((d) => d.name === name);
  return { name, title: name, tier: 'processing', layer: 'data', phase: 'processing', version: 'test', enabledByDefault: true, options: baseComponentOptions, ...(real?.consumes ? { consumes: real.consumes } : {}), build: () => emptyBuild() };
}

/** The platform with the streaming tier; `withEngines` adds Flink, Spark and Trino as Kafka clients. */
export function streamingPlatform(config: UserConfig = {}, options: { withEngines?: boolean } = {}): Platform {
  const real = COMPONENTS.filter((d) => STREAMING.includes(d.name));
  const engines = options.withEngines ? [client('spark'), client('flink'), client('trino')] : [];
  const registered = new Set(real.map((d) => d.name));
  const definitions = [...real, ...engines.filter((d) => !registered.has(d.name))];
  return assemblePlatform(resolveConfig(config), definitions);
}
