import { existsSync } from 'node:fs';
import type { SecretKeySpec, SecretRequirement } from '../model/secret.ts';
import { ensureGitIgnore, ensurePrivateDir, readSecretFile, secretFile, secretObject, tightenFile, writeSecretFile } from './files.ts';
import { assertNotCommittable } from './hygiene.ts';
import { fillTemplate, generateValue } from './values.ts';
import { generatedRequirements, secretId } from '../platform/secrets/plan.ts';

export { generatedRequirements, secretId } from '../platform/secrets/plan.ts';

/** What a `generate` run did, by `namespace/name`; never any value. */
export interface GenerateResult {
  readonly created: readonly string[];
  /** Existing files that gained keys (their existing keys are untouched). */
  readonly extended: readonly { readonly secret: string; readonly keys: readonly string[] }[];
  readonly unchanged: readonly string[];
  /** Existing files whose permissions were tightened to 0600. */
  readonly tightened: readonly string[];
  /**
   * Created files that took the values other members of their value group already had (a deleted
   * file comes back with the same password, so it is not a rotation: `secrets rotate` is).
   */
  readonly restored: readonly string[];
}

/** Plain keys first, templates after (they read the plain keys' values). */
function ordered(keys: readonly SecretKeySpec[]): SecretKeySpec[] {
  return [...keys.filter((k) => k.template === undefined), ...keys.filter((k) => k.template !== undefined)];
}

/**
 * Creates every generated Secret the platform needs as `<dir>/<namespace>/<name>.yaml` (a
 * Kubernetes Secret ready for `kubectl apply`), idempotently: an existing value is never changed,
 * a key missing from an existing file is filled, and requirements sharing a `valueGroup` share
 * values (an existing member's value wins over a fresh one). Folders are 0700, files 0600.
 */
export function generateSecrets(secrets: readonly SecretRequirement[], dir: string): GenerateResult {
  const requirements = generatedRequirements(secrets);
  ensurePrivateDir(dir);
  ensureGitIgnore(dir);
  assertNotCommittable(dir);
  const existing = new Map<string, Record<string, string> | undefined>();
  for (const r of requirements) existing.set(secretId(r), readSecretFile(secretFile(dir, r)));

  // Shared values per group: seeded from the files that exist, in sorted order.
  const shared = new Map<string, Record<string, string>>();
  for (const r of requirements) {
    if (r.valueGroup === undefined) continue;
    const group = shared.get(r.valueGroup) ?? {};
    for (const [key, value] of Object.entries(existing.get(secretId(r)) ?? {})) if (group[key] === undefined) group[key] = value;
    shared.set(r.valueGroup, group);
  }

  // What the groups held before this run, to tell a restored file from a new one.
  const seeded = new Map([...shared].map(([name, values]) => [name, new Set(Object.keys(values))]));
  const created: string[] = [];
  const extended: { secret: string; keys: string[] }[] = [];
  const unchanged: string[] = [];
  const tightened: string[] = [];
  const restored: string[] = [];
  for (const r of requirements) {
    const id = secretId(r);
    const file = secretFile(dir, r);
    const before = existing.get(id);
    const values: Record<string, string> = { ...(before ?? {}) };
    const group = r.valueGroup === undefined ? undefined : shared.get(r.valueGroup)!;
    const added: string[] = [];
    let fromGroup = false;
    for (const spec of ordered(r.keys)) {
      if (values[spec.key] !== undefined) continue;
      let value = group?.[spec.key];
      if (value !== undefined && before === undefined && seeded.get(r.valueGroup!)?.has(spec.key)) fromGroup = true;
      if (value === undefined) value = spec.template !== undefined ? fillTemplate(spec.template, values) : generateValue(spec);
      values[spec.key] = value;
      if (group && group[spec.key] === undefined) group[spec.key] = value;
      added.push(spec.key);
    }
    if (before === undefined) {
      writeSecretFile(file, secretObject(r, values));
      created.push(id);
      if (fromGroup) restored.push(id);
    } else if (added.length > 0) {
      writeSecretFile(file, secretObject(r, values));
      extended.push({ secret: id, keys: added });
    } else {
      unchanged.push(id);
      if (existsSync(file) && tightenFile(file)) tightened.push(id);
    }
  }
  return { created, extended, unchanged, tightened, restored };
}
