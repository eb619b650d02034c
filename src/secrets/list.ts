import { existsSync } from 'node:fs';
import type { SecretRequirement } from '../model/secret.ts';
import { describeCopyShape } from '../platform/secret-copy.ts';
import { readSecretFile, secretFile } from './files.ts';

/** One row of `secrets list`: everything about a Secret except its values. */
export interface SecretListing {
  readonly namespace: string;
  readonly name: string;
  readonly source: SecretRequirement['source'];
  readonly consumers: readonly string[];
  readonly keys: readonly string[];
  readonly description: string;
  /** For generated Secrets: whether the file in the secrets folder has every key. */
  readonly status: 'present' | 'incomplete' | 'missing' | 'not-generated';
  readonly valueGroup?: string;
  readonly copyFrom?: string;
  /** For copies that rename keys or add fixed values: `target←source, key (fixed)` (no values). */
  readonly copyShape?: string;
}

/** The secrets plan with the state of the secrets folder. Reads files, prints nothing. */
export function listSecrets(secrets: readonly SecretRequirement[], dir: string): SecretListing[] {
  const rows = new Map<string, SecretListing>();
  for (const r of secrets) {
    const id = `${r.source}|${r.namespace}|${r.name}`;
    const previous = rows.get(id);
    const keys = [...new Set([...(previous?.keys ?? []), ...r.keys.map((k) => k.key)])];
    const consumers = [...new Set([...(previous?.consumers ?? []), ...r.consumers])].sort();
    let status: SecretListing['status'] = 'not-generated';
    if (r.source === 'generated') {
      const file = secretFile(dir, r);
      const values = existsSync(file) ? readSecretFile(file) : undefined;
      status = values === undefined ? 'missing' : keys.every((k) => values[k] !== undefined) ? 'present' : 'incomplete';
    }
    rows.set(id, {
      namespace: r.namespace,
      name: r.name,
      source: r.source,
      consumers,
      keys,
      description: r.description,
      status,
      ...(r.valueGroup ? { valueGroup: r.valueGroup } : {}),
      ...(r.copyFrom ? { copyFrom: `${r.copyFrom.namespace}/${r.copyFrom.name}` } : {}),
      ...(r.copyFrom && describeCopyShape(r.copyFrom) ? { copyShape: describeCopyShape(r.copyFrom) } : {}),
    });
  }
  return [...rows.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
}
