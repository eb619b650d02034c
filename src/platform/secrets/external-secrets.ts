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
 * How often a copy is re-pushed and re-read: shorter than the generated Secrets' hour, because a
 * copy follows a Secret an operator rotates (Strimzi renews user certificates, ODF bucket keys).
 */
export const COPY_REFRESH = '5m0s';

/** The source keys a copy reads: the mapped ones with a `keyMap`, else the keys it declares. */
function sourceKeysOf(copy: SecretRequirement): string[] {
  const keyMap = copy.copyFrom?.keyMap;
  const fixed = new Set(Object.keys(copy.copyFrom?.fixedValues ?? {}));
  return keyMap !== undefined ? [...new Set(Object.values(keyMap))] : copy.keys.map((k) => k.key).filter((k) => !fixed.has(k));
}

/**
 * A PushSecret (external-secrets.io/v1alpha1) in the source's namespace that writes the keys the
 * copies read into the store, under remote key `<namespace>/<name>` of the source, one property per
 * key: the in-cluster half of a copy. Never deletes from the store (`deletionPolicy: None`).
 * @see https://external-secrets.io/latest/api/pushsecret/
 */
export function pushSecretFor(source: { namespace: string; name: string }, keys: readonly string[], store: string): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1alpha1',
    kind: 'PushSecret',
    metadata: { name: source.name, namespace: source.namespace, annotations: { 'datalyptica.io/description': `pushes ${source.namespace}/${source.name} to the store for the copies other namespaces read` } },
    spec: {
      refreshInterval: COPY_REFRESH,
      updatePolicy: 'Replace',
      deletionPolicy: 'None',
      secretStoreRefs: [{ kind: 'ClusterSecretStore', name: store }],
      selector: { secret: { name: source.name } },
      data: [...keys].sort().map((key) => ({ match: { secretKey: key, remoteRef: { remoteKey: remoteKeyOf(source), property: key } } })),
    },
  };
}

/**
 * The ExternalSecret that makes one copy in its consumer's namespace from the source's remote key:
 * each target key from its source key (renamed with a `keyMap`), the `fixedValues` merged in
 * through the template, the requirement's type (Opaque by default) and labels.
 */
export function copyExternalSecretFor(copy: SecretRequirement, store: string): KubeObject {
  const from = copy.copyFrom!;
  const pairs = from.keyMap !== undefined ? Object.entries(from.keyMap) : sourceKeysOf(copy).map((k) => [k, k] as const);
  const template: Record<string, unknown> = { type: copy.type ?? 'Opaque' };
  if (copy.labels && Object.keys(copy.labels).length > 0) template['metadata'] = { labels: { ...copy.labels } };
  if (from.fixedValues !== undefined) Object.assign(template, { mergePolicy: 'Merge', data: { ...from.fixedValues } });
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: copy.name, namespace: copy.namespace, annotations: { 'datalyptica.io/description': copy.description, 'datalyptica.io/copied-from': `${from.namespace}/${from.name}` } },
    spec: {
      refreshInterval: COPY_REFRESH,
      secretStoreRef: { kind: 'ClusterSecretStore', name: store },
      target: { name: copy.name, creationPolicy: 'Owner', deletionPolicy: 'Retain', template },
      data: pairs.map(([target, key]) => ({ secretKey: target, remoteRef: { key: remoteKeyOf(from), property: key } })),
    },
  };
}

/**
 * Copies (`source: copy`) as store round trips, so Argo CD makes them like any rendered object:
 * a PushSecret per source (unless the source is itself a generated Secret, already in the store)
 * and an ExternalSecret per copy. No Role reads a Secret across namespaces: the External Secrets
 * Operator's own access does, bounded by the ClusterSecretStore's `conditions`.
 */
export function copyObjects(plan: readonly SecretRequirement[], store: string): KubeObject[] {
  const generated = new Set(generatedRequirements(plan).map(remoteKeyOf));
  const pushed = new Map<string, { source: { namespace: string; name: string }; keys: Set<string> }>();
  const out: KubeObject[] = [];
  for (const copy of plan) {
    if (copy.source !== 'copy' || copy.copyFrom === undefined) continue;
    const source = { namespace: copy.copyFrom.namespace, name: copy.copyFrom.name };
    if (!generated.has(remoteKeyOf(source))) {
      const entry = pushed.get(remoteKeyOf(source)) ?? { source, keys: new Set<string>() };
      for (const key of sourceKeysOf(copy)) entry.keys.add(key);
      pushed.set(remoteKeyOf(source), entry);
    }
    out.push(copyExternalSecretFor(copy, store));
  }
  for (const { source, keys } of pushed.values()) out.push(pushSecretFor(source, [...keys], store));
  return out;
}

/**
 * `secrets.mode: external-secrets`: the render holds one ExternalSecret per generated Secret,
 * reading the ClusterSecretStore `secrets.store`; the user populates the store (from the files
 * `secrets generate` writes, or their own values). Copies go through the same store
 * (`copyObjects`), so a GitOps sync makes them without `deploy`; the store must accept writes
 * from the source namespaces (PushSecret).
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
    return [...generatedRequirements(plan).map((requirement) => externalSecretFor(requirement, store)), ...copyObjects(plan, store)];
  },
  rendersCopies: true,
  committed: () => [],
  materialise: () => ({ secrets: [], warnings: [] }),
  next: {
    generate: 'next: copy the generated values into the store secrets.store names (remote key <namespace>/<name>, one property per key)',
    seal: 'note: secrets.mode is external-secrets: the ExternalSecrets read secrets.store, not these SealedSecrets',
  },
};
