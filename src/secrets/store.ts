import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { KubeObject } from '../model/kube.ts';
import type { SecretRequirement } from '../model/secret.ts';
import type { SecretStore } from '../platform/secrets/backend.ts';
import { readSecretFile, secretFile } from './files.ts';
import { exposureWarnings } from './hygiene.ts';

/** Defaults of `secrets.dir` and `secrets.sealedDir` (src/config/settings.ts). */
const DEFAULT_DIR = '.datalyptica/secrets';
const DEFAULT_SEALED_DIR = 'sealed-secrets';

/** `<dir>/<namespace>/sealedsecret-<name>.yaml`: where `secrets seal` writes a SealedSecret. */
export function sealedFile(dir: string, requirement: Pick<SecretRequirement, 'namespace' | 'name'>): string {
  return join(dir, requirement.namespace, `sealedsecret-${requirement.name}.yaml`);
}

/** A SealedSecret file's object; undefined when the file is absent or holds something else. */
export function readSealedFile(file: string): KubeObject | undefined {
  if (!existsSync(file)) return undefined;
  const object = parseDocument(readFileSync(file, 'utf8')).toJS() as KubeObject | null;
  return object && object.kind === 'SealedSecret' ? object : undefined;
}

/** The secrets backends' view of the secrets folder and the sealed folder, read with node:fs. */
export function fileSecretStore(folders: { readonly dir?: string; readonly sealedDir?: string }): SecretStore {
  const dir = folders.dir ?? DEFAULT_DIR;
  const sealedDir = folders.sealedDir ?? DEFAULT_SEALED_DIR;
  return {
    dir,
    sealedDir,
    fileOf: (requirement) => secretFile(dir, requirement),
    generated: (requirement) => readSecretFile(secretFile(dir, requirement)),
    sealed: (requirement) => readSealedFile(sealedFile(sealedDir, requirement)),
    exposureWarnings: () => exposureWarnings(dir),
  };
}
