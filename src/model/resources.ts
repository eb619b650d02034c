/** Requests and limits as Kubernetes quantities. */
export interface ResourceSpec {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** One kind of pod a component runs, with how many; the input to quotas and the capacity check. */
export interface PodFootprint {
  /** e.g. `trino-worker`. */
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly resources: ResourceSpec;
  /** Persistent storage per replica, by storage tier. */
  readonly storage?: readonly { readonly tier: 'fast' | 'standard' | 'shared'; readonly size: string }[];
  /** Replicas must land on distinct nodes (required anti-affinity). @default false */
  readonly spreadRequired?: boolean;
  /** Replicas needed for the service to keep working (quorum); with `replicas` gives the tolerated losses. */
  readonly minAvailable?: number;
}
