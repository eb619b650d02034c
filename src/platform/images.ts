/**
 * Image references: every image is pinned by tag in the component that uses it; a registry
 * mirror replaces the registry host, and a component's `image`/`version` override its main image.
 */
export interface ImageOverrides {
  /** `images.registry`: mirror prefix replacing the source registry. */
  readonly registry?: string;
  /** `components.<name>.image`: full reference for the main image. */
  readonly image?: string;
  /** `components.<name>.version`: tag for the main image. */
  readonly version?: string;
}

/** Splits `registry/repo/name:tag` into its registry host (if any), path and tag. */
export function parseImage(reference: string): { registry?: string; path: string; tag: string } {
  const at = reference.indexOf('@');
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = withoutDigest.lastIndexOf(':');
  const slash = withoutDigest.lastIndexOf('/');
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = at >= 0 ? reference.slice(at) : hasTag ? withoutDigest.slice(colon + 1) : 'latest';
  const first = name.split('/')[0] ?? '';
  const isRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isRegistry ? { registry: first, path: name.slice(first.length + 1), tag } : { path: name, tag };
}

/** The reference to render, after overrides. `main` marks the component's main image. */
export function resolveImage(defaultRef: string, overrides: ImageOverrides, main: boolean): string {
  if (main && overrides.image !== undefined) return overrides.image;
  const parsed = parseImage(defaultRef);
  const tag = main && overrides.version !== undefined ? overrides.version : parsed.tag;
  const host = overrides.registry ?? parsed.registry;
  const sep = tag.startsWith('@') ? '' : ':';
  return `${host === undefined ? '' : `${host}/`}${parsed.path}${sep}${tag}`;
}

/**
 * The mirror's copy of an upstream repository (no tag): the registry host is replaced, the path
 * kept — the rule `resolveImage` applies to tagged references and Strimzi's `defaultImageRegistry`
 * applies to its operands.
 */
export function mirrorRepository(repository: string, registry: string): string {
  return `${registry}/${parseImage(`${repository}:mirror`).path}`;
}
