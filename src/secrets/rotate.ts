import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { SecretKeySpec, SecretRequirement } from '../model/secret.ts';
import { ensurePrivateDir, readSecretFile, secretFile, secretObject, writeSecretFile } from './files.ts';
import { assertNotCommittable } from './hygiene.ts';
import { generatedRequirements, secretId } from '../platform/secrets/plan.ts';
import { fillTemplate, generateValue } from './values.ts';

/** What a rotation changed: every Secret file rewritten and the keys that got new values. */
export interface RotateResult {
  readonly rotated: readonly { readonly secret: string; readonly keys: readonly string[] }[];
}

/** Keys that keep their value: fixed values (user names) and generated user names. */
function keeps(spec: SecretKeySpec): boolean {
  return spec.value !== undefined || (spec.template === undefined && spec.kind === 'username');
}

/** The generated requirement `namespace/name` (or a bare name, when only one Secret has it). */
function find(requirements: readonly SecretRequirement[], id: string): SecretRequirement {
  const matches = requirements.filter((r) => secretId(r) === id || (!id.includes('/') && r.name === id));
  if (matches.length === 1) return matches[0]!;
  const known = requirements.map(secretId).sort();
  if (matches.length === 0) {
    throw new DatalypticaError(ErrorCode.Usage, `no generated secret is named ${id}`, {
      details: known.slice(0, 50),
      hint: 'name one as NAMESPACE/NAME; `datalyptica secrets list` shows them',
    });
  }
  throw new DatalypticaError(ErrorCode.Usage, `${id} names ${matches.length} secrets in different namespaces`, {
    details: matches.map(secretId),
    hint: 'name one as NAMESPACE/NAME',
  });
}

/**
 * Gives a generated Secret new values: every password, token and key changes, user names stay,
 * templates are refilled. Secrets that share its values (a database login held in the database's
 * namespace and in each consumer's) change together, so they never disagree. Deleting one file
 * of such a group does not rotate it — `secrets generate` restores the group's existing value —
 * which is why this is the way to rotate.
 */
export function rotateSecret(secrets: readonly SecretRequirement[], dir: string, id: string): RotateResult {
  const requirements = generatedRequirements(secrets);
  const target = find(requirements, id);
  ensurePrivateDir(dir);
  assertNotCommittable(dir);
  const members = target.valueGroup === undefined ? [target] : requirements.filter((r) => r.valueGroup === target.valueGroup);
  const before = new Map(members.map((m) => [secretId(m), readSecretFile(secretFile(dir, m)) ?? {}]));
  // Kept values (user names) are shared by the group: the first member that has one gives it.
  const kept: Record<string, string> = {};
  for (const member of members) {
    for (const spec of member.keys.filter(keeps)) kept[spec.key] ??= before.get(secretId(member))![spec.key] ?? spec.value ?? generateValue(spec);
  }
  const fresh: Record<string, string> = {};
  const rotated: { secret: string; keys: string[] }[] = [];
  for (const member of members) {
    const values: Record<string, string> = {};
    const changed: string[] = [];
    for (const spec of member.keys.filter((k) => k.template === undefined)) {
      if (keeps(spec)) {
        values[spec.key] = kept[spec.key]!;
        continue;
      }
      fresh[spec.key] ??= generateValue(spec);
      values[spec.key] = fresh[spec.key]!;
      changed.push(spec.key);
    }
    for (const spec of member.keys.filter((k) => k.template !== undefined)) {
      values[spec.key] = fillTemplate(spec.template!, values);
      changed.push(spec.key);
    }
    writeSecretFile(secretFile(dir, member), secretObject(member, values));
    rotated.push({ secret: secretId(member), keys: changed });
  }
  return { rotated };
}
