import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import { readSecretFile, secretFile, secretObject } from './files.ts';
import { generatedRequirements, secretId } from './generate.ts';

/**
 * The generated Secrets of a platform, read from `dir` for `deploy` to apply before the workloads
 * that read them. Throws one error naming every missing Secret or key, with the command that
 * creates them.
 */
export function loadGeneratedSecrets(platform: Pick<Platform, 'secrets'>, dir: string, options: { configFile?: string } = {}): KubeObject[] {
  const out: KubeObject[] = [];
  const missing: string[] = [];
  for (const r of generatedRequirements(platform.secrets)) {
    const file = secretFile(dir, r);
    const values = readSecretFile(file);
    if (values === undefined) {
      missing.push(`${secretId(r)}: ${file} does not exist (${r.description})`);
      continue;
    }
    const absent = r.keys.map((k) => k.key).filter((key) => values[key] === undefined);
    if (absent.length > 0) {
      missing.push(`${secretId(r)}: ${file} has no key ${absent.join(', ')}`);
      continue;
    }
    out.push(secretObject(r, values));
  }
  if (missing.length > 0) {
    const config = options.configFile ? ` -c ${options.configFile}` : '';
    throw new DatalypticaError(ErrorCode.SecretsMissing, `${missing.length} generated secret${missing.length === 1 ? ' is' : 's are'} missing from ${dir}`, {
      details: missing,
      hint: `run \`datalyptica secrets generate${config} --dir ${dir}\` (existing values are kept)`,
    });
  }
  return out;
}
