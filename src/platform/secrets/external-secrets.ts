import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { SecretsBackend } from './backend.ts';
import { generatedRequirements } from './plan.ts';

/** How often the External Secrets Operator re-reads the store (its default). */
export const EXTERNAL_SECRET_REFRESH = '1h0m0s';

/** `<namespace>/<name>`: the remote key every generated Secret lives under in the store. */
export function remoteKeyOf(requirement: Pick<SecretRequirement, 'namespace' | 'name'>): string {
  return `${requirement.namespace}/${requirement.name}`;
}

/**
 * An ExternalSecret (external-secrets.io/v1) that materialises one generated Secret from the
 * ClusterSecretStore `store`: one data entry per key, each read from remote key
 * `<namespace>/<name>`, property `<key>`. The target Secret gets the requirement's type and labels
 * (CNPG's reload label, basic-auth type).
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export function externalSecretFor(requirement: SecretRequirement, store: string): KubeObject {
  const template: Record<string, unknown> = { type: requirement.type ?? 'Opaque' };
  if (requirement.labels && Object.keys(requirement.labels).length > 0) template['metadata'] = { labels: { ...requirement.labels } };
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: requirement.name, namespace: requirement.namespace, annotations: { 'datalyptica.io/description': requirement.description } },
    spec: {
      refreshInterval: EXTERNAL_SECRET_REFRESH,
      secretStoreRef: { kind: 'ClusterSecretStore', name: store },
      target: { name: requirement.name, creationPolicy: 'Owner', deletionPolicy: 'Retain', template },
      data: requirement.keys.map((k) => ({ secretKey: k.key, remoteRef: { key: remoteKeyOf(requirement), property: k.key } })),
    },
  };
}

/**
 * `secrets.mode: external-secrets`: the render holds one ExternalSecret per generated Secret,
 * reading the ClusterSecretStore `secrets.store`; the user populates the store (from the files
 * `secrets generate` writes, or their own values).
 */
export const externalSecretsBackend: SecretsBackend = {
  mode: 'external-secrets',
  render(plan, settings) {
    const store = settings.store;
    if (store === undefined) {
      throw new DatalypticaError(ErrorCode.ConfigInvalid, 'secrets.mode is external-secrets but secrets.store is not set', {
        hint: 'set secrets.store to the name of the ClusterSecretStore that holds the platform\'s secrets',
      });
    }
    return generatedRequirements(plan).map((requirement) => externalSecretFor(requirement, store));
  },
  committed: () => [],
  materialise: () => ({ secrets: [], warnings: [] }),
  next: {
    generate: 'next: copy the generated values into the store secrets.store names (remote key <namespace>/<name>, one property per key)',
    seal: 'note: secrets.mode is external-secrets: the ExternalSecrets read secrets.store, not these SealedSecrets',
  },
};
