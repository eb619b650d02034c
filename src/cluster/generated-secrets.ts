import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';

/** Where deploy gets the generated Secrets from; the secrets module provides the real one. */
export type GeneratedSecretsLoader = (platform: Platform, dir: string) => KubeObject[];

/**
 * Reads `<dir>/<namespace>/<name>.yaml` for every `generated` SecretRequirement (the layout
 * `datalyptica secrets generate` writes). A missing file is an error naming the command that
 * creates it: deploying workloads without their Secrets would only leave pods crash-looping.
 */
export const readGeneratedSecrets: GeneratedSecretsLoader = (platform, dir) => {
  const out: KubeObject[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const requirement of platform.secrets) {
    if (requirement.source !== 'generated') continue;
    const key = `${requirement.namespace}/${requirement.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const file = join(dir, requirement.namespace, `${requirement.name}.yaml`);
    if (!existsSync(file)) {
      missing.push(file);
      continue;
    }
    let object: KubeObject;
    try {
      object = parse(readFileSync(file, 'utf8')) as KubeObject;
    } catch (error) {
      throw new DatalypticaError(ErrorCode.SecretsInvalid, `${file} is not valid YAML`, { cause: error, hint: 'regenerate it: datalyptica secrets generate' });
    }
    if (object?.kind !== 'Secret' || object.metadata?.name !== requirement.name) {
      throw new DatalypticaError(ErrorCode.SecretsInvalid, `${file} is not Secret ${key}`, { hint: 'regenerate it: datalyptica secrets generate' });
    }
    out.push({ ...object, metadata: { ...object.metadata, namespace: requirement.namespace } });
  }
  if (missing.length > 0) {
    throw new DatalypticaError(ErrorCode.SecretsMissing, `${missing.length} generated Secret${missing.length === 1 ? ' is' : 's are'} missing from ${dir}`, {
      details: missing,
      hint: `create them first: datalyptica secrets generate --out ${dir}`,
    });
  }
  return out;
};
