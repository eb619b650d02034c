import type { Labels } from '../model/kube.ts';
import type { BuildContext } from '../model/build-context.ts';
import type { ZONE_SPREAD_POLICIES } from '../config/settings.ts';

/**
 * Platform-owned pod hardening and scheduling: the one place that writes a securityContext, an
 * anti-affinity, a zone spread, image pull secrets or tolerations. Every component spreads the
 * fragment `podPolicy()` returns into its pods — plain workloads (through `workload.ts`) and
 * operator pod templates (Strimzi, CloudNativePG, Crunchy, Redis, ClickHouse, MinIO, Keycloak,
 * Grafana, Prometheus, Flink, Spark…) alike; `test/architecture/pod-policy.test.ts` fails on a
 * component that writes one of its own.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */

export type SeccompProfile = {
  readonly type: 'RuntimeDefault';
};

/** A pod's `securityContext`. */
export type PodSecurityContext = {
  readonly runAsNonRoot?: boolean;
  readonly seccompProfile: SeccompProfile;
  readonly runAsUser?: number;
  readonly fsGroup?: number;
};

/** A container's `securityContext`. */
export type ContainerSecurityContext = {
  readonly allowPrivilegeEscalation: false;
  readonly capabilities: { readonly drop: readonly ['ALL'] };
  readonly runAsNonRoot: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly seccompProfile: SeccompProfile;
  readonly runAsUser?: number;
};

export type PodAffinityTerm = {
  readonly labelSelector: { readonly matchLabels: Labels };
  readonly topologyKey: string;
};

/** A pod's `affinity`: only pod anti-affinity, on the node. */
export type Affinity = {
  readonly podAntiAffinity:
    | { readonly requiredDuringSchedulingIgnoredDuringExecution: readonly PodAffinityTerm[] }
    | { readonly preferredDuringSchedulingIgnoredDuringExecution: readonly { readonly weight: number; readonly podAffinityTerm: PodAffinityTerm }[] };
};

export type TopologySpreadConstraint = {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: ZoneSpreadPolicy;
  readonly labelSelector: { readonly matchLabels: Labels };
};

export type Toleration = {
  readonly operator: 'Exists';
  readonly effect: 'NoSchedule';
};

export type LocalObjectReference = {
  readonly name: string;
};

/** `required` puts replicas on distinct nodes; `preferred` tries to; `none` says nothing. */
export type AntiAffinity = 'required' | 'preferred' | 'none';

/** The values of `whenUnsatisfiable`, the platform's zone-spread policy (`scheduling.zoneSpread`). */
export type ZoneSpreadPolicy = (typeof ZONE_SPREAD_POLICIES)[number];

export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/**
 * The security context every container we render gets: Pod Security "restricted" and OpenShift
 * restricted-v2 compatible. No UID is pinned, so restricted-v2 assigns one from the namespace range.
 */
export function restrictedContainerSecurityContext(options: { readOnlyRootFilesystem?: boolean } = {}): ContainerSecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? false,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The pod-level context. `fsGroup` is left to OpenShift (restricted-v2 assigns one); on Kubernetes
 * images whose user is not numeric need an explicit non-root UID, which the component passes.
 */
export function restrictedPodSecurityContext(options: { runAsUser?: number; fsGroup?: number } = {}): PodSecurityContext {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    ...(options.runAsUser !== undefined ? { runAsUser: options.runAsUser } : {}),
    ...(options.fsGroup !== undefined ? { fsGroup: options.fsGroup } : {}),
  };
}

/** Pod anti-affinity on `kubernetes.io/hostname` with a real label selector (never an empty one). */
export function antiAffinity(selector: Labels, mode: AntiAffinity): Affinity | undefined {
  if (mode === 'none') return undefined;
  const term = { labelSelector: { matchLabels: { ...selector } }, topologyKey: HOSTNAME_TOPOLOGY_KEY };
  return mode === 'required'
    ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
    : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}

/** Zone spread for multi-zone clusters, with the platform's one `whenUnsatisfiable` policy. */
export function zoneSpread(selector: Labels, whenUnsatisfiable: ZoneSpreadPolicy): TopologySpreadConstraint[] {
  return [{ maxSkew: 1, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable, labelSelector: { matchLabels: { ...selector } } }];
}

export interface PodPolicyInput {
  /** Labels that select exactly these replicas (the operator's own labels for operator pods). */
  readonly selector: Labels;
  readonly replicas: number;
  /**
   * Host anti-affinity; applies as given, whatever the replica count.
   * @default 'preferred' when replicas > 1, else 'none'
   */
  readonly antiAffinity?: AntiAffinity;
  /** Non-root UID/GID for Kubernetes targets whose image user is not numeric; ignored on OpenShift (restricted-v2 assigns them). */
  readonly kubernetesUser?: { readonly runAsUser?: number; readonly fsGroup?: number };
  /** UID/GID on every target (images whose files belong to a fixed user, e.g. `nobody` for Prometheus). */
  readonly user?: { readonly runAsUser: number; readonly fsGroup?: number };
  /** Containers' root filesystem read-only. @default false */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * A node agent (the log collector): runs on every node, tainted ones included, as UID 0 to read
   * root-owned host files; capabilities stay dropped and privilege escalation off.
   * @default false
   */
  readonly nodeAgent?: boolean;
}

/** The typed fragment a pod (or an operator's pod template) spreads in. */
export interface PodPolicy {
  /** The pod's `securityContext`. */
  readonly securityContext: PodSecurityContext;
  /** Every container's `securityContext` (root filesystem as the input asked). */
  readonly containerSecurityContext: ContainerSecurityContext;
  /** The same with a read-only root filesystem, for containers that write only to volumes. */
  readonly readOnlyContainerSecurityContext: ContainerSecurityContext;
  /** The host anti-affinity mode this policy applies. */
  readonly antiAffinity: AntiAffinity;
  /** `{ affinity }` when there is host anti-affinity, else `{}`. */
  readonly hostSpread: { readonly affinity?: Affinity };
  /** `{ topologySpreadConstraints }` on a multi-zone cluster for replicated pods, else `{}`. */
  readonly zoneSpread: { readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[] };
  /** `{ tolerations }` for a node agent, else `{}`. */
  readonly tolerations: { readonly tolerations?: readonly Toleration[] };
  /** `hostSpread`, `zoneSpread` and `tolerations` together, in that order. */
  readonly scheduling: { readonly affinity?: Affinity; readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[]; readonly tolerations?: readonly Toleration[] };
  /** `{ imagePullSecrets }` when `images.pullSecrets` names any, else `{}`. */
  readonly pullSecrets: { readonly imagePullSecrets?: readonly LocalObjectReference[] };
  /** The pull secrets' names, for operators that take plain strings (Spark). */
  readonly pullSecretNames: readonly string[];
  /**
   * The same host anti-affinity in CloudNativePG's `AffinityConfiguration` form (the operator
   * writes the term itself, on its own instance labels).
   * @see https://cloudnative-pg.io/documentation/current/scheduling/
   */
  readonly cnpgAffinity: { readonly enablePodAntiAffinity: true; readonly podAntiAffinityType: 'required' | 'preferred'; readonly topologyKey: string };
}

function podSecurity(ctx: BuildContext, input: PodPolicyInput): PodSecurityContext {
  // Root needs runAsNonRoot unset at pod level: the container sets UID 0 explicitly.
  if (input.nodeAgent) return { seccompProfile: { type: 'RuntimeDefault' } };
  if (input.user !== undefined) return restrictedPodSecurityContext(input.user);
  return restrictedPodSecurityContext(ctx.openshift ? {} : (input.kubernetesUser ?? {}));
}

function containerSecurity(input: PodPolicyInput, readOnlyRootFilesystem: boolean | undefined): ContainerSecurityContext {
  const context = restrictedContainerSecurityContext(readOnlyRootFilesystem === undefined ? {} : { readOnlyRootFilesystem });
  // UID 0 only to open root-owned host files (owner read bit); capabilities stay dropped.
  return input.nodeAgent ? { ...context, runAsNonRoot: false, runAsUser: 0 } : context;
}

/**
 * The hardening and scheduling fragment for one set of replicas: restricted pod and container
 * security contexts, host anti-affinity with the pods' own selector, the zone spread on
 * multi-zone clusters (`scheduling.zoneSpread` says whether it is hard), the image pull secrets
 * and, for a node agent, the tolerations.
 */
export function podPolicy(ctx: BuildContext, input: PodPolicyInput): PodPolicy {
  const mode = input.antiAffinity ?? (input.replicas > 1 ? 'preferred' : 'none');
  const spreads = ctx.multiZone && input.replicas > 1;
  const names = [...ctx.config.images.pullSecrets];
  // Every read builds fresh objects: one object in two places would come out as a YAML anchor.
  const hostSpread = (): PodPolicy['hostSpread'] => {
    const affinity = antiAffinity(input.selector, mode);
    return affinity === undefined ? {} : { affinity };
  };
  const zones = (): PodPolicy['zoneSpread'] => (spreads ? { topologySpreadConstraints: zoneSpread(input.selector, ctx.config.scheduling.zoneSpread) } : {});
  const tolerations = (): PodPolicy['tolerations'] => (input.nodeAgent ? { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] } : {});
  return {
    get securityContext() {
      return podSecurity(ctx, input);
    },
    get containerSecurityContext() {
      return containerSecurity(input, input.readOnlyRootFilesystem);
    },
    get readOnlyContainerSecurityContext() {
      return containerSecurity(input, true);
    },
    antiAffinity: mode,
    get hostSpread() {
      return hostSpread();
    },
    get zoneSpread() {
      return zones();
    },
    get tolerations() {
      return tolerations();
    },
    get scheduling() {
      return { ...hostSpread(), ...zones(), ...tolerations() };
    },
    get pullSecrets() {
      return names.length > 0 ? { imagePullSecrets: names.map((name) => ({ name })) } : {};
    },
    get pullSecretNames() {
      return [...names];
    },
    get cnpgAffinity() {
      return { enablePodAntiAffinity: true, podAntiAffinityType: mode === 'required' ? 'required' : 'preferred', topologyKey: HOSTNAME_TOPOLOGY_KEY } as const;
    },
  };
}

/**
 * The security contexts of pods another program creates from our settings (KubeSpawner's
 * single-user servers): the same restrictions, in the key order the hub's settings file has
 * always carried; the root filesystem is left writable to the image (notebooks write outside $HOME).
 */
export function spawnedPodSecurity(): { readonly pod: PodSecurityContext; readonly container: Omit<ContainerSecurityContext, 'readOnlyRootFilesystem'> } {
  return {
    pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    container: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
  };
}
