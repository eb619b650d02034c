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
    /**
     * A dedicated namespace the operator insists on (the Red Hat cert-manager operator runs only in
     * `cert-manager-operator`): the namespace and its own OperatorGroup are rendered with the Subscription.
     */
    readonly installNamespace?: string;
    /**
     * Subscription `spec.config`: env vars OLM sets on the operator's Deployment (the Helm values'
     * counterpart, e.g. the redis-operator's feature gates).
     * @see https://olm.operatorframework.io/docs/advanced-tasks/configuring-operators/
     */
    readonly config?: { readonly env?: readonly { readonly name: string; readonly value: string }[] };
  };
  readonly kubernetes:
    | {
        readonly type: 'helm';
        readonly repo: string;
        readonly chart: string;
        readonly version: string;
        readonly namespace: string;
        readonly values?: Record<string, unknown>;
        /**
         * With `images.registry` set: the chart values that make the chart pull every image it runs
         * from the mirror, merged over `values`. Charts name their images in their own keys, so each
         * operator says which. Without it, `check` warns that the chart's images are not redirected.
         * @default none
         */
        readonly mirrorValues?: MirrorValues;
      }
    | {
        readonly type: 'manifest';
        readonly url: string;
        readonly version: string;
        readonly namespace: string;
        /**
         * Further files of the same release applied together with `url`, in order before it
         * (Keycloak publishes its two CRDs next to the operator's manifest, not inside it).
         * @default none
         */
        readonly additionalUrls?: readonly string[];
      };
  /**
   * Images the Kubernetes install pulls at the pinned version, as upstream publishes them: the
   * operator's own and the operand images it chooses by default (not the ones we render), for
   * `datalyptica images` and mirroring. On OpenShift, oc-mirror resolves them from the package.
   */
  readonly images?: readonly string[];
  /**
   * Namespaces the operator must watch when it is not installed AllNamespaces (the OperatorGroup's
   * targetNamespaces). @default the declaring component's namespace
   */
  readonly watchNamespaces?: readonly string[];
  /**
   * How to install it on OpenShift. `kubernetes` uses the `kubernetes` install source there too,
   * for operators with no maintained OperatorHub package (the Kubeflow Spark operator: the only
   * catalog entry, `spark-gcp`, is Spark 2.4 for OpenShift 4.6–4.8). @default 'olm'
   */
  readonly openshiftInstall?: 'olm' | 'kubernetes';
  /** CRDs it installs, `plural.group`, so deploy can wait for them. */
  readonly crds: readonly string[];
  /** @see upstream install docs. */
  readonly docs: string;
  /**
   * Add-ons with no OLM package that must run next to the operator, in the operator's own
   * namespace, on both targets (CNPG's Barman Cloud plugin). Applied after the operator is ready.
   */
  readonly companions?: readonly OperatorCompanion[];
}

/** Where a mirror serves the images: the registry prefix and each upstream repository's copy. */
export interface ImageMirror {
  /** `images.registry`, e.g. `registry.example.com/mirror`. */
  readonly registry: string;
  /** The mirror's repository for an upstream one: `quay.io/jetstack/x` → `<registry>/jetstack/x`. */
  readonly repository: (upstream: string) => string;
}

/** Chart values that point a chart's images at a mirror; the chart's own tags are kept. */
export type MirrorValues = (mirror: ImageMirror) => Record<string, unknown>;

/** An add-on installed from a release manifest or Helm chart into the operator's namespace. */
export interface OperatorCompanion {
  readonly id: string;
  readonly displayName: string;
  readonly install:
    | { readonly type: 'helm'; readonly repo: string; readonly chart: string; readonly version: string }
    | { readonly type: 'manifest'; readonly url: string; readonly version: string };
  /** Images it pulls at the pinned version (see `OperatorRequirement.images`). */
  readonly images?: readonly string[];
  /** Other operators it needs first, by id (e.g. `cert-manager`). */
  readonly requires: readonly string[];
  /** CRDs it installs, `plural.group`. */
  readonly crds: readonly string[];
  readonly docs: string;
}
