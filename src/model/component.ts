import type { Egress, Flow } from './flow.ts';
import type { Exposure } from './exposure.ts';
import type { KubeObject, Labels, ObjectRef } from './kube.ts';
import type { LiveCheck } from './live-check.ts';
import type { ComponentName, Layer, Phase, Target, Tier } from './names.ts';
import type { OperatorRequirement } from './operator.ts';
import type { PodFootprint } from './resources.ts';
import type { SecretRequirement } from './secret.ts';
import type { SsoClient } from './sso.ts';
import type { AlertRule, MetricsEndpoint } from './metrics.ts';
import type { z } from 'zod';
import type { BuildContext, ComponentOptions } from './build-context.ts';
import type { Consumption } from './consumption.ts';
import type { DatabaseRequest } from './database.ts';

/**
 * A workload's disruption needs. The platform renders a PodDisruptionBudget for each one with
 * more than one replica unless `operatorManaged` (Strimzi, CNPG, MinIO create their own, and two
 * PDBs over one pod make it unevictable: the Kubernetes eviction API refuses evictions when more than one PDB selects a pod).
 */
export interface DisruptionSpec {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Labels;
  readonly replicas: number;
  /** @default replicas - 1 for replicas ≥ 2 (at most one pod down at a time) */
  readonly maxUnavailable?: number;
  readonly minAvailable?: number;
  /** The operator already guards these pods; render no PDB. */
  readonly operatorManaged?: boolean;
}

/** Which objects `deploy` waits for, beyond the default (every object whose kind has a readiness rule). */
export interface ReadinessSpec {
  /** Objects not to wait for (examples off by default, suspended CronJobs). */
  readonly skip?: readonly ObjectRef[];
  /** Per-component wait budget. @default 600 */
  readonly timeoutSeconds?: number;
}

/**
 * A named exception to one `check` rule for one object, carried by the component that needs it (the
 * log collector's read-only hostPath). Same shape and matching as a config suppression
 * (`check.suppressions`), so the report shows it as suppressed with its reason.
 */
export interface CheckSuppression {
  /** Rule id, e.g. `DL-SEC-010`. */
  readonly rule: string;
  /** `Kind/name@namespace`. */
  readonly object: string;
  /** Why; shown in the report and the SARIF justification. */
  readonly reason: string;
}

/** Everything a component produces for one resolved config: objects plus declarations. */
export interface ComponentBuild {
  readonly objects: readonly KubeObject[];
  /** Components that must be ready before this one is applied. */
  readonly dependsOn: readonly ComponentName[];
  /** Connections into this component. */
  readonly flows: readonly Flow[];
  /** Connections out of this component to non-components. */
  readonly egress: readonly Egress[];
  readonly secrets: readonly SecretRequirement[];
  readonly exposures: readonly Exposure[];
  readonly operators: readonly OperatorRequirement[];
  readonly disruption: readonly DisruptionSpec[];
  readonly readiness: ReadinessSpec;
  readonly checks: readonly LiveCheck[];
  readonly footprint: readonly PodFootprint[];
  /** OpenID Connect clients this component needs in the platform realm. */
  readonly ssoClients?: readonly SsoClient[];
  /** Metrics endpoints for Prometheus (the platform renders the monitors and the scrape NetworkPolicies). */
  readonly metrics?: readonly MetricsEndpoint[];
  /** Alerting rules over this component's metrics. */
  readonly alerts?: readonly AlertRule[];
  /** Named exceptions to `check` rules for this component's own objects, each with its reason. */
  readonly suppressions?: readonly CheckSuppression[];
  /**
   * The Pod Security level the component's own namespace enforces instead of `restricted`
   * (Kubernetes), with the reason; only for a component with a namespace of its own.
   */
  readonly podSecurity?: { readonly level: 'baseline' | 'privileged'; readonly reason: string };
  /**
   * Images pods pull that no rendered object names in an image field: pods a component's own
   * controller spawns from its configuration (JupyterHub's single-user servers). `datalyptica images`
   * lists them and the mirror check verifies them like container images.
   */
  readonly images?: readonly string[];
  /** Non-fatal notes for `check` (e.g. MinIO community edition in maintenance mode). */
  readonly warnings: readonly string[];
  /**
   * The lowest Kubernetes minor version (1.x) this build runs on, when it is above the product's
   * floor (1.27): `deploy` refuses an older cluster up front instead of failing halfway.
   */
  readonly minKubernetesMinor?: number;
}

/**
 * A component: static facts, the schema of its `components.<name>` block, and a pure build
 * function. Registering it (one line in `src/components/registry.ts`) adds its options to the
 * config schema and its build to the platform.
 * @typeParam Options what `options` parses to: `baseComponentOptions.extend({...})`
 */
export interface ComponentDefinition<Options extends ComponentOptions = ComponentOptions> {
  readonly name: ComponentName;
  readonly title: string;
  readonly tier: Tier;
  readonly layer: Layer;
  readonly phase: Phase;
  /** The pinned upstream version of the main workload (the `app.kubernetes.io/version` label). */
  readonly version: string;
  /**
   * A namespace of its own, `<prefix>-<ownNamespace>` in every layout, instead of its tier's or
   * layer's (the log collector, whose host access must not relax its neighbours' Pod Security).
   */
  readonly ownNamespace?: string;
  /** The targets it runs on (the Kubernetes-only log collector). @default every target */
  readonly targets?: readonly Target[];
  /** Whether the default platform includes it when `components.<name>.enabled` is not set. */
  readonly enabledByDefault: boolean;
  /**
   * The schema of `components.<name>`: `baseComponentOptions.extend({...})` from
   * `src/config/component-options.ts`. Its defaults apply even when the block is absent.
   */
  readonly options: z.ZodType<Options>;
  /** Databases this component needs on the platform's PostgreSQL (declared there only while it is enabled). */
  readonly databases?: readonly DatabaseRequest[];
  /**
   * The component renders the platform realm from every other enabled component's `ssoClients`
   * (the identity tier): the platform builds it after the others and hands it their clients
   * through `ctx.ssoClients`, so it never imports another component's folder. @default false
   */
  readonly collectsSsoClients?: boolean;
  /**
   * The other components' services this one uses (Trino, Redis, S3, Kafka...), declared here so
   * the provider needs no list of its consumers: the platform hands each provider the enabled
   * components that name it (`ctx.consumers`). Pure; called only while the component is enabled.
   */
  consumes?(ctx: BuildContext<Options>): readonly Consumption[];
  /** Pure: same context in, same build out. */
  build(ctx: BuildContext<Options>): ComponentBuild;
}

/** A build with every declaration empty, for components to spread their own over. */
export function emptyBuild(): ComponentBuild {
  return {
    objects: [],
    dependsOn: [],
    flows: [],
    egress: [],
    secrets: [],
    exposures: [],
    operators: [],
    disruption: [],
    readiness: {},
    checks: [],
    footprint: [],
    warnings: [],
  };
}
