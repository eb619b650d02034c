import { randomBytes, randomInt } from 'node:crypto';
import type { SecretKeySpec } from '../model/secret.ts';

/** Letters and digits only: no quoting trouble in JDBC URLs, shell, YAML, properties or .env files. */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** R-SEC-1: generated passwords and tokens have at least 32 characters (≈190 bits from 62 symbols). */
export const MIN_SECRET_CHARACTERS = 32;
/** Keys (hex, base64) are at least this many random bytes unless a consumer needs an exact size. */
export const DEFAULT_KEY_BYTES = 32;

function pick(alphabet: string, length: number): string {
  let out = '';
  // randomInt is uniform (rejection sampling), unlike randomBytes % n.
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A fresh value for one key, from node:crypto's CSPRNG. Passwords and tokens are alphanumeric and
 * never shorter than 32 characters; `hex` and `base64-key` are `length` random bytes (default 32);
 * a `username` is its fixed `value`, or a generated lowercase name.
 */
export function generateValue(spec: SecretKeySpec): string {
  if (spec.value !== undefined) return spec.value;
  switch (spec.kind) {
    case 'password':
    case 'token':
      return pick(ALPHANUMERIC, Math.max(MIN_SECRET_CHARACTERS, spec.length ?? MIN_SECRET_CHARACTERS));
    case 'hex':
      return randomBytes(spec.length ?? DEFAULT_KEY_BYTES).toString('hex');
    case 'base64-key':
      return randomBytes(spec.length ?? DEFAULT_KEY_BYTES).toString('base64');
    case 'username':
      return `u${pick(LOWER, Math.max(7, (spec.length ?? 12) - 1))}`;
  }
}

/** The `${KEY}` references of a template, in order. */
export function templateKeys(template: string): string[] {
  return [...template.matchAll(/\$\{([A-Za-z0-9_.-]+)\}/g)].map((m) => m[1]!);
}

/** Fills a template from the other keys' values; throws when one is missing. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([A-Za-z0-9_.-]+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template refers to key ${key}, which the secret does not have`);
    return value;
  });
}
