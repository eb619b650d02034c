import type { SecretCopySource } from '../model/secret.ts';

/** What a copy holds, computed from the source Secret's `data`, and the mapped source keys it lacked. */
export interface CopiedSecretData {
  /** Base64 values, as in a Secret's `data`. */
  readonly data: Record<string, string>;
  /** Source keys named by `keyMap` that the source Secret does not have. */
  readonly missing: readonly string[];
}

/**
 * The `data` of a copy: the source's keys unchanged, or, with a `keyMap`, exactly the mapped keys
 * (target ← source) plus the `fixedValues` (base64-encoded here, like `kubectl create secret
 * --from-literal`). A fixed value wins over a mapped key of the same name. Pure.
 */
export function copiedSecretData(source: Readonly<Record<string, string>> | undefined, copy: Pick<SecretCopySource, 'keyMap' | 'fixedValues'>): CopiedSecretData {
  const from = source ?? {};
  const data: Record<string, string> = {};
  const missing: string[] = [];
  if (copy.keyMap === undefined) Object.assign(data, from);
  for (const [target, key] of Object.entries(copy.keyMap ?? {})) {
    const value = from[key];
    if (value === undefined) missing.push(key);
    else data[target] = value;
  }
  for (const [key, value] of Object.entries(copy.fixedValues ?? {})) data[key] = Buffer.from(value, 'utf8').toString('base64');
  return { data, missing: [...new Set(missing)].sort() };
}

/** One line for listings: `target←source` pairs and the fixed keys, or undefined for a plain copy. */
export function describeCopyShape(copy: Pick<SecretCopySource, 'keyMap' | 'fixedValues'>): string | undefined {
  const mapped = Object.entries(copy.keyMap ?? {}).map(([target, key]) => `${target}←${key}`);
  const fixed = Object.keys(copy.fixedValues ?? {}).map((key) => `${key} (fixed)`);
  return mapped.length + fixed.length === 0 ? undefined : [...mapped, ...fixed].join(', ');
}
