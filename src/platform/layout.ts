import type { ResolvedConfig } from '../config/settings.ts';
import type { ComponentDefinition } from '../model/component.ts';
import type { Layer, Tier } from '../model/names.ts';

/**
 * Where a tier or layer lives. Functional layout: `<prefix>-<tier>` (8 namespaces);
 * layered: `<prefix>-<layer>` (5 namespaces).
 */
export function namespaceFor(config: Pick<ResolvedConfig, 'layout' | 'namePrefix'>, place: { tier: Tier; layer: Layer }): string {
  return config.layout === 'functional' ? `${config.namePrefix}-${place.tier}` : `${config.namePrefix}-${place.layer}`;
}

/** The namespace for operators and platform-wide objects: `system` (functional) or `operators` (layered). */
export function systemNamespace(config: Pick<ResolvedConfig, 'layout' | 'namePrefix'>): string {
  return namespaceFor(config, { tier: 'system', layer: 'operators' });
}

/** A component's namespace: its `components.<name>.namespace` override, else its own, else the layout's. */
export function componentNamespace(config: ResolvedConfig, definition: ComponentDefinition): string {
  const own = definition.ownNamespace === undefined ? undefined : `${config.namePrefix}-${definition.ownNamespace}`;
  return config.components[definition.name]?.namespace ?? own ?? namespaceFor(config, definition);
}
