/** The Kubernetes object shapes the library passes around; kept loose on purpose (schemas are checked in `check`). */
export type Labels = Record<string, string>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Identifies one object; `namespace` is absent for cluster-scoped kinds. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export function refOf(object: KubeObject): ObjectRef {
  const ref: { apiVersion: string; kind: string; name: string; namespace?: string } = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
  };
  if (object.metadata.namespace !== undefined) ref.namespace = object.metadata.namespace;
  return ref;
}

/** `kind/name (namespace)` as used in every finding and progress line. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.name} (${ref.namespace})` : `${ref.kind}/${ref.name}`;
}

/** A stable key for maps and sorting: group-version, kind, namespace, name. */
export function refKey(ref: ObjectRef): string {
  return `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Kinds that live outside any namespace (the ones we render or read). */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'SecurityContextConstraints',
  'ClusterIssuer',
  'ClusterSecretStore',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'PersistentVolume',
  'Node',
  'ClusterServingRuntime',
] as const);
