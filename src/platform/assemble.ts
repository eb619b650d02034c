import type { ResolvedConfig } from '../config/settings.ts';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { ComponentDefinition } from '../model/component.ts';
import type { KubeObject } from '../model/kube.ts';
import type { ComponentName } from '../model/names.ts';
import type { SsoClient } from '../model/sso.ts';
import { COMPONENTS } from '../components/registry.ts';
import { PlatformBuildContext } from './context.ts';
import { DERIVERS } from './derive/index.ts';
import { platformLabels } from './derive/platform-labels.ts';
import { standardLabels } from './labels.ts';
import { systemNamespace } from './layout.ts';
import { compareObjects } from './order.ts';
import { mergeSecretRequirements } from './secrets/plan.ts';
import type { BuiltComponent, PlacedObject, Platform, PlatformDraft } from './platform.ts';

/** Which components run: `components.<name>.enabled`, else the component's default; never on a target it does not support. */
export function enabledComponents(config: ResolvedConfig, definitions: readonly ComponentDefinition[] = COMPONENTS): Set<ComponentName> {
  const enabled = new Set<ComponentName>();
  for (const definition of definitions) {
    if (definition.targets !== undefined && !definition.targets.includes(config.target)) continue;
    if (config.components[definition.name]?.enabled ?? definition.enabledByDefault) enabled.add(definition.name);
  }
  return enabled;
}

function withLabels(object: KubeObject, labels: Record<string, string>): KubeObject {
  return { ...object, metadata: { ...object.metadata, labels: { ...labels, ...(object.metadata.labels ?? {}) } } };
}

/**
 * Builds every enabled component and derives the cross-cutting objects. Pure: no I/O, clock or
 * randomness; the same config gives the same platform.
 */
export function assemblePlatform(config: ResolvedConfig, definitions: readonly ComponentDefinition[] = COMPONENTS): Platform {
  const byName = new Map(definitions.map((d) => [d.name, d] as const));
  const enabled = enabledComponents(config, definitions);
  // Components that collect the others' OIDC clients (the identity tier) build last.
  const built = new Map<ComponentName, BuiltComponent>();
  const buildOne = (definition: ComponentDefinition, ssoClients?: readonly SsoClient[]): void => {
    const ctx = new PlatformBuildContext({ config, definition, definitions: byName, enabled, ...(ssoClients ? { ssoClients } : {}) });
    built.set(definition.name, { definition, namespace: ctx.namespace, build: definition.build(ctx) });
  };
  const active = definitions.filter((d) => enabled.has(d.name));
  for (const definition of active) if (!definition.collectsSsoClients) buildOne(definition);
  const declared = [...built.values()].flatMap((c) => c.build.ssoClients ?? []);
  for (const definition of active) if (definition.collectsSsoClients) buildOne(definition, declared);
  const components = new Map<ComponentName, BuiltComponent>(active.map((d) => [d.name, built.get(d.name)!] as const));

  const missing: string[] = [];
  for (const [name, built] of components) {
    for (const dependency of built.build.dependsOn) {
      if (!enabled.has(dependency)) missing.push(`components.${name}: needs components.${dependency}, which is disabled`);
    }
  }
  if (missing.length > 0) {
    throw new DatalypticaError(ErrorCode.ConfigInvalid, 'the enabled components need components that are disabled', {
      details: missing,
      hint: 'enable the named components, or disable the ones that need them',
    });
  }

  const system = systemNamespace(config);
  const namespaceSet = new Set<string>([system]);
  for (const built of components.values()) {
    namespaceSet.add(built.namespace);
    for (const object of built.build.objects) if (object.metadata.namespace) namespaceSet.add(object.metadata.namespace);
  }
  const namespaces = [...namespaceSet].sort();

  let objects: PlacedObject[] = [];
  for (const [name, built] of components) {
    const labels = standardLabels({ component: name, instance: config.namePrefix, version: built.definition.version });
    for (const object of built.build.objects) objects.push({ owner: name, object: withLabels(object, labels) });
  }
  // The secrets plan, computed once: the backend of secrets.mode renders from it, deploy and the secrets commands read it.
  const secrets = mergeSecretRequirements([...components.values()].flatMap((c) => c.build.secrets));
  for (const derive of DERIVERS) {
    const draft: PlatformDraft = { config, components, namespaces, systemNamespace: system, objects, secrets };
    const derived = derive(draft).map((placed) => {
      const owner = placed.owner;
      const labels =
        owner === 'platform' || owner === 'operators'
          ? platformLabels(config, owner)
          : standardLabels({ component: owner, instance: config.namePrefix, version: components.get(owner)?.definition.version ?? 'unknown' });
      return { owner, object: withLabels(placed.object, labels) };
    });
    objects = [...objects, ...derived];
  }

  objects.sort((a, b) => compareObjects(a.object, b.object) || a.owner.localeCompare(b.owner));
  assertUnique(objects);

  const warnings = [...components.values()].flatMap((c) => c.build.warnings.map((w) => `${c.definition.name}: ${w}`));
  return { config, components, namespaces, objects, secrets, warnings };
}

function assertUnique(objects: readonly PlacedObject[]): void {
  const seen = new Map<string, string>();
  for (const { object, owner } of objects) {
    const key = `${object.apiVersion.split('/')[0]}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new DatalypticaError(
        ErrorCode.Internal,
        `two objects share the identity ${object.kind}/${object.metadata.name} (${object.metadata.namespace ?? 'cluster'}): ${previous} and ${owner}`,
      );
    }
    seen.set(key, owner);
  }
}
