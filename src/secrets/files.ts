import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';
import type { SecretRequirement } from '../model/secret.ts';

/** Owner-only: the folder and every file in it. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** `<dir>/<namespace>/<name>.yaml`. */
export function secretFile(dir: string, requirement: Pick<SecretRequirement, 'namespace' | 'name'>): string {
  return join(dir, requirement.namespace, `${requirement.name}.yaml`);
}

/** Creates `dir` (and parents of it that we make) owner-only, and tightens it if it exists. */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new DatalypticaError(ErrorCode.SecretsInvalid, `${dir} is a file, not a folder: secrets are written as <dir>/<namespace>/<name>.yaml`, {
      hint: 'pass a folder with --dir (it is created if missing), or set secrets.dir in the config',
    });
  }
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Writes `.gitignore` (`*`) so the folder stays out of git even where the repo ignores nothing. */
export function ensureGitIgnore(dir: string): void {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) writeFileSync(file, '# Written by datalyptica secrets generate: generated credentials never enter git.\n*\n', { mode: FILE_MODE });
}

/** Reads a Secret file's decoded values; undefined when the file is absent. */
export function readSecretFile(file: string): Record<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) {
    throw new DatalypticaError(ErrorCode.SecretsInvalid, `${file} is not valid YAML`, {
      details: doc.errors.map((e) => e.message.split('\n')[0] ?? e.message),
      hint: 'fix or delete the file, then run `datalyptica secrets generate` (a deleted secret gets new values)',
    });
  }
  const object = doc.toJS() as { kind?: string; data?: Record<string, string>; stringData?: Record<string, string> } | null;
  if (!object || object.kind !== 'Secret') {
    throw new DatalypticaError(ErrorCode.SecretsInvalid, `${file} is not a Kubernetes Secret`, { hint: 'fix or delete the file, then run `datalyptica secrets generate`' });
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(object.data ?? {})) values[key] = Buffer.from(String(value), 'base64').toString('utf8');
  for (const [key, value] of Object.entries(object.stringData ?? {})) values[key] = String(value);
  return values;
}

export { secretObject } from '../platform/secrets/secret-object.ts';

/**
 * Writes a Secret file owner-only and atomically (a temporary file in the same folder, then a
 * rename), so an interrupted run never leaves half a Secret.
 */
export function writeSecretFile(file: string, object: KubeObject): void {
  ensurePrivateDir(dirname(file));
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, stringify(object, { lineWidth: 0 }), { mode: FILE_MODE });
  chmodSync(temp, FILE_MODE);
  renameSync(temp, file);
}

/** Tightens an existing file to 0600 without touching its content. */
export function tightenFile(file: string): boolean {
  const mode = statSync(file).mode & 0o777;
  if (mode === FILE_MODE) return false;
  chmodSync(file, FILE_MODE);
  return true;
}
