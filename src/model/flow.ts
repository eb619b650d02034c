import type { Labels } from './kube.ts';
import type { ComponentName } from './names.ts';

export const PROTOCOLS = ['TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface FlowPort {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: Protocol;
  /** Port name for humans (`postgres`, `http`...). */
  readonly name?: string;
}

/**
 * Who opens a connection. Components are resolved to their namespace and pods
 * (`app.kubernetes.io/name=<component>` unless `selector` narrows it); the special peers
 * are resolved per target by the platform (OpenShift router vs. ingress controller, ...).
 */
export type FlowPeer =
  | { readonly kind: 'component'; readonly component: ComponentName; readonly selector?: Labels }
  /** The OpenShift router or the Kubernetes ingress controller, for exposed endpoints. */
  | { readonly kind: 'ingress' }
  /** Prometheus (user workload monitoring on OpenShift, our Prometheus on Kubernetes) scraping metrics. */
  | { readonly kind: 'monitoring' }
  /** An operator's controller pods reaching its operands (e.g. Strimzi's entity operator, CNPG's instance manager). */
  | { readonly kind: 'operator'; readonly operator: string }
  /** The Kubernetes API server calling a webhook we serve. */
  | { readonly kind: 'apiserver' };

/**
 * A connection INTO the declaring component. The platform turns every flow into an ingress rule
 * on the target and an egress rule on the source.
 */
export interface Flow {
  readonly from: FlowPeer;
  /** Pods of the declaring component that receive it; all its pods when absent. */
  readonly toSelector?: Labels;
  readonly ports: readonly FlowPort[];
  readonly description: string;
  /**
   * Namespace of the receiving pods when they do not live in the declaring component's own
   * namespace (cert-manager's operands run in its cluster resource namespace). @default the component's namespace
   */
  readonly namespace?: string;
}

/**
 * A connection OUT of the declaring component to something that is not a platform component.
 */
export type EgressTarget =
  | { readonly kind: 'apiserver' }
  /** The configured object store when it is external to the cluster (mode `external`); ODF and MinIO are flows. */
  | { readonly kind: 'object-storage' }
  /** Anywhere outside the cluster on these ports (git clones, OIDC of an external IdP, ACME). */
  | { readonly kind: 'internet' }
  /**
   * Pods in a namespace the platform does not own (ODF's `openshift-storage` S3 endpoint), matched
   * by `kubernetes.io/metadata.name`; all its pods when `podSelector` is absent.
   */
  | { readonly kind: 'namespace'; readonly namespace: string; readonly podSelector?: Labels }
  /**
   * Addresses outside the pod network by CIDR (the nodes' kubelets): rendered as `ipBlock` peers.
   * Whether an implementation also matches pod IPs with them is its own choice (the NetworkPolicy
   * API means them for cluster-external addresses), so keep the CIDRs as narrow as the user allows.
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
   */
  | { readonly kind: 'addresses'; readonly cidrs: readonly string[]; readonly label: string };

export interface Egress {
  readonly to: EgressTarget;
  /** Pods of the declaring component that open it; all its pods when absent. */
  readonly fromSelector?: Labels;
  /**
   * The connection is opened by OpenShift build pods of the component's namespace (a BuildConfig
   * it renders, or one its operator creates) instead of its own pods. Build pods carry only the
   * `openshift.io/build.name` label, never the component's labels, so `fromSelector` cannot reach them.
   * @default false
   * @see https://docs.openshift.com/container-platform/latest/cicd/builds/understanding-image-builds.html
   */
  readonly fromBuilds?: boolean;
  readonly ports: readonly FlowPort[];
  readonly description: string;
  /** Namespace of the opening pods when not the component's own (see `Flow.namespace`). @default the component's namespace */
  readonly namespace?: string;
}
