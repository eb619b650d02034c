import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The schema file for (apiVersion, kind) under one kubeconform-style directory, or undefined.
 * Rule from ../shared/schemas/README.md: `{group}/{kind}_{version}.json` first, then
 * `kubernetes/{kind}-{firstLabel(group)}-{version}.json` (core: `kubernetes/{kind}-{version}.json`).
 */
export function schemaFileFor(dir: string, apiVersion: string, kind: string): string | undefined {
  for (const candidate of schemaCandidates(apiVersion, kind)) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** The relative paths tried, in order. Pure. */
export function schemaCandidates(apiVersion: string, kind: string): string[] {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const k = kind.toLowerCase();
  if (group === '') return [`kubernetes/${k}-${version.toLowerCase()}.json`];
  const label = (group.split('.')[0] ?? group).toLowerCase();
  return [`${group}/${k}_${version}.json`, `kubernetes/${k}-${label}-${version.toLowerCase()}.json`];
}
