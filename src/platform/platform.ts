import type { ResolvedConfig } from '../config/settings.ts';
import type { ComponentBuild, ComponentDefinition } from '../model/component.ts';
import type { KubeObject } from '../model/kube.ts';
import type { ComponentName } from '../model/names.ts';
import type { SecretRequirement } from '../model/secret.ts';

/** Who an object belongs to: a component, or the platform itself (namespaces, quotas, operators...). */
export type Owner = ComponentName | 'platform' | 'operators';

/** An object placed in the tree: the folder it goes to and who owns it. */
export interface PlacedObject {
  readonly object: KubeObject;
  readonly owner: Owner;
}

export interface BuiltComponent {
  readonly definition: ComponentDefinition;
  readonly namespace: string;
  readonly build: ComponentBuild;
}

/** The whole platform for one config: what `render` writes and `deploy` applies. */
export interface Platform {
  readonly config: ResolvedConfig;
  /** Enabled components in registry order. */
  readonly components: ReadonlyMap<ComponentName, BuiltComponent>;
  /** Platform namespaces, sorted. */
  readonly namespaces: readonly string[];
  /** Every object, in deterministic order. */
  readonly objects: readonly PlacedObject[];
  /** The secrets plan: every Secret any component needs. */
  readonly secrets: readonly SecretRequirement[];
  readonly warnings: readonly string[];
}

/**
 * What derivers see while the platform is assembled: the component builds and the objects so far.
 * A deriver returns new objects; it never mutates others.
 */
export interface PlatformDraft {
  readonly config: ResolvedConfig;
  readonly components: ReadonlyMap<ComponentName, BuiltComponent>;
  readonly namespaces: readonly string[];
  readonly systemNamespace: string;
  readonly objects: readonly PlacedObject[];
  /** The secrets plan (`Platform.secrets`). */
  readonly secrets: readonly SecretRequirement[];
}

export type Deriver = (draft: PlatformDraft) => readonly PlacedObject[];
