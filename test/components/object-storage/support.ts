import { resolveConfig } from '../../../src/config/load.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { emptyBuild, type ComponentDefinition } from '../../../src/model/component.ts';
import type { ComponentName } from '../../../src/model/names.ts';
import { assemblePlatform } from '../../../src/platform/assemble.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { COMPONENTS } from '../../../src/components/registry.ts';
import { baseComponentOptions } from '../../../src/config/component-options.ts';

/** A stand-in for a component another engineer builds: right name and place, no objects. */
function standIn(name: ComponentName, tier: ComponentDefinition['tier'], layer: ComponentDefinition['layer']): ComponentDefinition {
  return { name, title: name, tier, layer, phase: 'query', version: '0', enabledByDefault: true, options: baseComponentOptions, build: () => emptyBuild() };
}

const STAND_INS: readonly ComponentDefinition[] = [
  standIn('postgres', 'catalog', 'storage'),
  standIn('trino', 'query', 'data'),
  standIn('spark', 'processing', 'data'),
];

/** The registry plus stand-ins for components not registered yet (so dependencies resolve). */
export function definitions(): ComponentDefinition[] {
  const have = new Set(COMPONENTS.map((c) => c.name));
  return [...COMPONENTS, ...STAND_INS.filter((s) => !have.has(s.name))];
}

export function platformWith(config: UserConfig = {}): Platform {
  return assemblePlatform(resolveConfig(config), definitions());
}
