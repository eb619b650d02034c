import { resolveConfig } from '../../src/config/load.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import type { ComponentName } from '../../src/model/names.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import type { Platform } from '../../src/platform/platform.ts';

/** Assembles the platform for a user config (the built-in default when none). */
export function platformFor(config: UserConfig = {}): Platform {
  return assemblePlatform(resolveConfig(config));
}

/** The objects one component owns (including derived ones placed under it, such as its PDBs). */
export function objectsOf(platform: Platform, owner: ComponentName | 'platform' | 'operators'): KubeObject[] {
  return platform.objects.filter((p) => p.owner === owner).map((p) => p.object);
}

/** The one object of this kind and name; throws with the candidates when absent. */
export function findObject(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) {
    const have = objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);
    throw new Error(`no ${kind}/${name}; have ${kind}: ${have.join(', ') || 'none'}`);
  }
  return found;
}

/** Every profile × target × layout combination. */
export const ALL_COMBINATIONS: readonly UserConfig[] = (['dev', 'small', 'production'] as const).flatMap((profile) =>
  (['openshift', 'kubernetes'] as const).flatMap((target) =>
    (['functional', 'layered'] as const).map((layout) => ({ profile, target, layout })),
  ),
);

/** Reads a dotted path (`spec.template.spec.containers.0.image`) out of an object. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
