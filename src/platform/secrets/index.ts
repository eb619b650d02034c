import type { SecretsBackend, SecretsMode } from './backend.ts';
import { externalSecretsBackend } from './external-secrets.ts';
import { filesBackend } from './files.ts';
import { sealedSecretsBackend } from './sealed-secrets.ts';

export type { MaterialisedSecrets, SecretsBackend, SecretsMode, SecretsSettings, SecretStore } from './backend.ts';
export { generatedRequirements, mergeSecretRequirements, secretId } from './plan.ts';

/** One backend per `secrets.mode`. */
export const SECRETS_BACKENDS: Readonly<Record<SecretsMode, SecretsBackend>> = {
  files: filesBackend,
  'sealed-secrets': sealedSecretsBackend,
  'external-secrets': externalSecretsBackend,
};

/** The backend of a mode. */
export function secretsBackend(mode: SecretsMode): SecretsBackend {
  return SECRETS_BACKENDS[mode];
}
