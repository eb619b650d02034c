import type { SecretRequirement } from '../model/secret.ts';

export function secretId(r: Pick<SecretRequirement, 'namespace' | 'name'>): string {
  return `${r.namespace}/${r.name}`;
}

/**
 * The generated requirements, one per Secret (two components declaring the same Secret share one
 * file with the union of their keys), sorted by namespace and name.
 */
export function generatedRequirements(secrets: readonly SecretRequirement[]): SecretRequirement[] {
  const byId = new Map<string, SecretRequirement>();
  for (const r of secrets) {
    if (r.source !== 'generated') continue;
    const previous = byId.get(secretId(r));
    if (!previous) {
      byId.set(secretId(r), r);
      continue;
    }
    const keys = [...previous.keys, ...r.keys.filter((k) => !previous.keys.some((p) => p.key === k.key))];
    const consumers = [...new Set([...previous.consumers, ...r.consumers])];
    byId.set(secretId(r), { ...previous, keys, consumers });
  }
  return [...byId.values()].sort((a, b) => secretId(a).localeCompare(secretId(b)));
}
