import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretsBackend } from './backend.ts';
import { generatedRequirements, secretId } from './plan.ts';
import { secretObject } from './secret-object.ts';

/**
 * `secrets.mode: files`: `secrets generate` writes every generated Secret into a git-ignored
 * folder and `deploy` applies them before the workloads that read them. Nothing is rendered, so
 * this mode does not fit GitOps (docs/operations/gitops.md).
 */
export const filesBackend: SecretsBackend = {
  mode: 'files',
  rendersCopies: false,
  render: () => [],
  committed: () => [],
  materialise(plan, store, options = {}) {
    const secrets: KubeObject[] = [];
    const missing: string[] = [];
    for (const r of generatedRequirements(plan)) {
      const file = store.fileOf(r);
      const values = store.generated(r);
      if (values === undefined) {
        missing.push(`${secretId(r)}: ${file} does not exist (${r.description})`);
        continue;
      }
      const absent = r.keys.map((k) => k.key).filter((key) => values[key] === undefined);
      if (absent.length > 0) {
        missing.push(`${secretId(r)}: ${file} has no key ${absent.join(', ')}`);
        continue;
      }
      secrets.push(secretObject(r, values));
    }
    if (missing.length > 0) {
      const config = options.configFile ? ` -c ${options.configFile}` : '';
      throw new DatalypticaError(ErrorCode.SecretsMissing, `${missing.length} generated secret${missing.length === 1 ? ' is' : 's are'} missing from ${store.dir}`, {
        details: missing,
        hint: `run \`datalyptica secrets generate${config} --dir ${store.dir}\` (existing values are kept)`,
      });
    }
    return { secrets, warnings: store.exposureWarnings() };
  },
  next: { seal: 'note: secrets.mode is files: deploy applies the generated files, not these SealedSecrets' },
};
