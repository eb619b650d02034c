import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { generatedRequirements } from '../../secrets/plan.ts';
import type { Deriver, PlacedObject } from '../platform.ts';

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
 * Secrets in the render tree, by `secrets.mode`:
 * - `files`: nothing; `secrets generate` writes them outside the tree and `deploy` applies them.
 * - `external-secrets`: an ExternalSecret per generated Secret, reading `secrets.store`.
 * - `sealed-secrets`: nothing here: sealing needs the controller's certificate and fresh
 *   randomness, which render must not use; `secrets seal` writes the SealedSecrets into their own
 *   committed folder (see docs/security/secrets.md).
 * Operator-made, external and copied Secrets are never rendered.
 */
export const deriveSecrets: Deriver = (draft) => {
  if (draft.config.secrets.mode !== 'external-secrets') return [];
  const store = draft.config.secrets.store;
  if (store === undefined) {
    throw new DatalypticaError(ErrorCode.ConfigInvalid, 'secrets.mode is external-secrets but secrets.store is not set', {
      hint: 'set secrets.store to the name of the ClusterSecretStore that holds the platform\'s secrets',
    });
  }
  const owners = new Map<string, PlacedObject['owner']>();
  const all: SecretRequirement[] = [];
  for (const [owner, built] of draft.components) {
    for (const requirement of built.build.secrets) {
      if (!owners.has(remoteKeyOf(requirement))) owners.set(remoteKeyOf(requirement), owner);
      all.push(requirement);
    }
  }
  return generatedRequirements(all).map((requirement) => ({ owner: owners.get(remoteKeyOf(requirement))!, object: externalSecretFor(requirement, store) }));
};
