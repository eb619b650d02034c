/**
 * An operator a component needs. On OpenShift it becomes an OLM Subscription; on Kubernetes an
 * install source that `deploy` applies (a Helm chart or a manifest URL), never vendored.
 */
export interface OperatorRequirement {
  /** Stable id, e.g. `cloudnative-pg`. */
  readonly id: string;
  readonly displayName: string;
  readonly olm: {
    readonly package: string;
    readonly channel: string;
    readonly source: string;
    /** @default 'openshift-marketplace' */
    readonly sourceNamespace?: string;
    /** Pinned starting CSV, when the user asks for one. */
    readonly startingCSV?: string;
    /** Install into `openshift-operators` (AllNamespaces) instead of the platform's system namespace. */
    readonly allNamespaces: boolean;
  };
  readonly kubernetes:
    | { readonly type: 'helm'; readonly repo: string; readonly chart: string; readonly version: string; readonly namespace: string; readonly values?: Record<string, unknown> }
    | { readonly type: 'manifest'; readonly url: string; readonly version: string; readonly namespace: string };
  /**
   * Namespaces the operator must watch when it is not installed AllNamespaces (the OperatorGroup's
   * targetNamespaces). @default the declaring component's namespace
   */
  readonly watchNamespaces?: readonly string[];
  /** CRDs it installs, `plural.group`, so deploy can wait for them. */
  readonly crds: readonly string[];
  /** @see upstream install docs. */
  readonly docs: string;
}
