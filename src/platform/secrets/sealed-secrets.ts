import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretsBackend } from './backend.ts';
import { generatedRequirements, secretId } from './plan.ts';

/**
 * `secrets.mode: sealed-secrets`: `secrets seal` encrypts the generated values offline for the
 * Sealed Secrets controller into `secrets.sealedDir` (committed); those SealedSecrets join the
 * platform, so the render tree and Argo CD carry them. Render itself seals nothing: sealing needs
 * the controller's certificate and fresh randomness, which render must not use.
 * @see https://github.com/bitnami-labs/sealed-secrets#usage
 */
export const sealedSecretsBackend: SecretsBackend = {
  mode: 'sealed-secrets',
  rendersCopies: false,
  render: () => [],
  committed(plan, store) {
    const out: KubeObject[] = [];
    const missing: string[] = [];
    for (const r of generatedRequirements(plan)) {
      const object = store.sealed(r);
      if (object) out.push(object);
      else missing.push(secretId(r));
    }
    if (missing.length > 0) {
      throw new DatalypticaError(ErrorCode.SecretsMissing, `${missing.length} SealedSecret${missing.length === 1 ? ' is' : 's are'} missing from ${store.sealedDir}`, {
        details: missing,
        hint: `run \`datalyptica secrets generate\` then \`datalyptica secrets seal --cert cert.pem --out-dir ${store.sealedDir}\``,
      });
    }
    return out;
  },
  materialise: () => ({ secrets: [], warnings: [] }),
  next: { generate: 'next: datalyptica secrets seal --cert cert.pem' },
};
