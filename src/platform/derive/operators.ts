import { closest } from 'fastest-levenshtein';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { stringify } from 'yaml';
import type { ResolvedConfig } from '../../config/settings.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ComponentName } from '../../model/names.ts';
import type { OperatorCompanion, OperatorRequirement } from '../../model/operator.ts';
import type { BuiltComponent, Deriver, PlacedObject } from '../platform.ts';
import { systemNamespace } from '../layout.ts';
import { mirrorRepository } from '../images.ts';
import { platformLabels } from './platform-labels.ts';

/** Where OLM installs AllNamespaces operators; it already has the global OperatorGroup. */
export const GLOBAL_OPERATORS_NAMESPACE = 'openshift-operators';
/** The ConfigMap that shows Kubernetes users what `deploy` installs. */
export const OPERATOR_SOURCES_CONFIGMAP = 'datalyptica-operator-sources';

interface InstallCommon {
  readonly id: string;
  readonly displayName: string;
  /** Enabled components that need it, in registry order. */
  readonly requiredBy: readonly ComponentName[];
  readonly crds: readonly string[];
  readonly docs: string;
  /**
   * Set on an add-on (OperatorRequirement.companions): the id of the operator it runs next to.
   * It is listed right after that operator, installs into that operator's namespace once the
   * operator is ready, and needs the operators in `requires` first.
   */
  readonly companionOf?: string;
  readonly requires?: readonly string[];
}

/** An OLM Subscription (OpenShift). */
export interface OlmInstall extends InstallCommon {
  readonly type: 'olm';
  readonly namespace: string;
  readonly package: string;
  readonly channel: string;
  readonly source: string;
  readonly sourceNamespace: string;
  readonly approval: 'Automatic' | 'Manual';
  readonly startingCSV?: string;
  readonly allNamespaces: boolean;
  /** Installed in a namespace of its own, with its own OperatorGroup (rendered with the Subscription). */
  readonly dedicatedNamespace: boolean;
  /** The OperatorGroup's targets when not AllNamespaces. */
  readonly watchNamespaces: readonly string[];
  /** Subscription `spec.config.env`. */
  readonly env?: readonly { readonly name: string; readonly value: string }[];
}

/** A Helm chart (Kubernetes). */
export interface HelmInstall extends InstallCommon {
  readonly type: 'helm';
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly values?: Record<string, unknown>;
}

/** A manifest bundle applied server-side (Kubernetes). */
export interface ManifestInstall extends InstallCommon {
  readonly type: 'manifest';
  readonly url: string;
  /** Files applied with `url`, before it (see `OperatorRequirement.kubernetes.additionalUrls`). */
  readonly additionalUrls?: readonly string[];
  readonly version: string;
  readonly namespace: string;
}

export type OperatorInstall = OlmInstall | HelmInstall | ManifestInstall;

/**
 * Every operator the enabled components need, deduplicated by id (the first declaration wins;
 * later ones add their namespaces and components), in registry order.
 */
export function collectOperators(components: ReadonlyMap<ComponentName, BuiltComponent>): {
  requirement: OperatorRequirement;
  requiredBy: ComponentName[];
  namespaces: Set<string>;
}[] {
  const byId = new Map<
    string,
    { requirement: OperatorRequirement; requiredBy: ComponentName[]; namespaces: Set<string> }
  >();
  for (const [name, built] of components) {
    for (const requirement of built.build.operators) {
      const entry = byId.get(requirement.id) ?? {
        requirement,
        requiredBy: [],
        namespaces: new Set<string>(),
      };
      if (!entry.requiredBy.includes(name)) entry.requiredBy.push(name);
      for (const ns of requirement.watchNamespaces ?? [built.namespace]) entry.namespaces.add(ns);
      byId.set(requirement.id, entry);
    }
  }
  return [...byId.values()];
}

/** `base` with `over` merged in, objects key by key (Helm's own rule for several values files). */
function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const bothObjects = [current, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    out[key] = bothObjects ? mergeValues(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

/** The Kubernetes install source of a requirement (also used on OpenShift for `openshiftInstall: 'kubernetes'`). */
function kubernetesInstall(r: OperatorRequirement, common: InstallCommon, registry: string | undefined): HelmInstall | ManifestInstall {
  const k = r.kubernetes;
  if (k.type === 'helm') {
    const helm: HelmInstall = {
      ...common,
      type: 'helm',
      repo: k.repo,
      chart: k.chart,
      version: k.version,
      namespace: k.namespace,
    };
    const mirrored =
      registry !== undefined && k.mirrorValues !== undefined
        ? k.mirrorValues({ registry, repository: (upstream) => mirrorRepository(upstream, registry) })
        : undefined;
    const values = mirrored === undefined ? k.values : mergeValues(k.values ?? {}, mirrored);
    return values === undefined ? helm : { ...helm, values };
  }
  const manifest: ManifestInstall = { ...common, type: 'manifest', url: k.url, version: k.version, namespace: k.namespace };
  return k.additionalUrls === undefined || k.additionalUrls.length === 0 ? manifest : { ...manifest, additionalUrls: [...k.additionalUrls] };
}

/** Every file of a manifest install, in the order they are applied (the additional files first). */
export function manifestUrls(install: Pick<ManifestInstall, 'url' | 'additionalUrls'>): string[] {
  return [...(install.additionalUrls ?? []), install.url];
}

/** An add-on's install, in its operator's namespace. */
function companionInstall(
  companion: OperatorCompanion,
  operator: OperatorInstall,
  requiredBy: readonly ComponentName[],
): HelmInstall | ManifestInstall {
  const common: InstallCommon = {
    id: companion.id,
    displayName: companion.displayName,
    requiredBy,
    crds: [...companion.crds],
    docs: companion.docs,
    companionOf: operator.id,
    requires: [...companion.requires],
  };
  const i = companion.install;
  return i.type === 'helm'
    ? {
        ...common,
        type: 'helm',
        repo: i.repo,
        chart: i.chart,
        version: i.version,
        namespace: operator.namespace,
      }
    : { ...common, type: 'manifest', url: i.url, version: i.version, namespace: operator.namespace };
}

/**
 * What `deploy` installs in its operators phase, for the config's target: OLM Subscriptions on
 * OpenShift (with `operators.approval` and per-id overrides), Helm charts or manifests on
 * Kubernetes, and on OpenShift too for operators with `openshiftInstall: 'kubernetes'` (no
 * maintained OLM package). Each operator's companions follow it, on both targets, in the
 * operator's namespace. Pure.
 */
export function operatorInstallPlan(platform: {
  readonly config: ResolvedConfig;
  readonly components: ReadonlyMap<ComponentName, BuiltComponent>;
}): OperatorInstall[] {
  const { config } = platform;
  const system = systemNamespace(config);
  const plan: OperatorInstall[] = [];
  const seen = new Set<string>();
  for (const { requirement: r, requiredBy, namespaces } of collectOperators(platform.components)) {
    const common: InstallCommon = {
      id: r.id,
      displayName: r.displayName,
      requiredBy,
      crds: [...r.crds],
      docs: r.docs,
    };
    let install: OperatorInstall;
    if (config.target === 'openshift' && (r.openshiftInstall ?? 'olm') === 'olm') {
      const override = config.operators.overrides[r.id] ?? {};
      const startingCSV = override.startingCSV ?? r.olm.startingCSV;
      const env = r.olm.config?.env;
      const olm: OlmInstall = {
        ...common,
        type: 'olm',
        namespace: r.olm.installNamespace ?? (r.olm.allNamespaces ? GLOBAL_OPERATORS_NAMESPACE : system),
        dedicatedNamespace: r.olm.installNamespace !== undefined,
        package: r.olm.package,
        channel: override.channel ?? r.olm.channel,
        source: r.olm.source,
        sourceNamespace: r.olm.sourceNamespace ?? 'openshift-marketplace',
        approval: override.approval ?? config.operators.approval,
        allNamespaces: r.olm.allNamespaces,
        watchNamespaces: r.olm.allNamespaces ? [] : [...namespaces].sort(),
        ...(env !== undefined && env.length > 0 ? { env: env.map((e) => ({ ...e })) } : {}),
      };
      install = startingCSV === undefined ? olm : { ...olm, startingCSV };
    } else {
      install = kubernetesInstall(r, common, config.images.registry);
    }
    plan.push(install);
    seen.add(install.id);
    for (const companion of r.companions ?? []) {
      if (seen.has(companion.id)) continue;
      seen.add(companion.id);
      plan.push(companionInstall(companion, install, requiredBy));
    }
  }
  const known = plan.map((p) => p.id);
  const unknown = Object.keys(config.operators.overrides).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new DatalypticaError(ErrorCode.ConfigInvalid, 'operators.overrides names operators the platform does not install', {
      details: unknown.map((id) => {
        const guess = known.length > 0 ? closest(id, known) : undefined;
        return `operators.overrides.${id}: no enabled component needs this operator${guess ? `; did you mean "${guess}"?` : ''}`;
      }),
      hint: `use one of: ${known.join(', ')}`,
    });
  }
  return plan;
}

function subscription(install: OlmInstall): KubeObject {
  const spec: Record<string, unknown> = {
    channel: install.channel,
    name: install.package,
    source: install.source,
    sourceNamespace: install.sourceNamespace,
    installPlanApproval: install.approval,
  };
  if (install.startingCSV !== undefined) spec['startingCSV'] = install.startingCSV;
  if (install.env !== undefined) spec['config'] = { env: install.env.map((e) => ({ ...e })) };
  return {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: {
      name: install.package,
      namespace: install.namespace,
      annotations: { 'datalyptica.io/required-by': install.requiredBy.join(',') },
    },
    spec,
  };
}

/**
 * The operators phase. OpenShift: a Subscription per OLM operator, AllNamespaces ones in
 * `openshift-operators` (whose global OperatorGroup exists), the others in the system namespace
 * under one OperatorGroup (OLM allows one per namespace) that targets every namespace they watch.
 * Whatever `deploy` installs outside OLM (every operator on Kubernetes; Helm-only operators and
 * companions on OpenShift) is listed in a ConfigMap in the system namespace, for users to read.
 * @see https://olm.operatorframework.io/docs/advanced-tasks/operator-scoping-with-operatorgroups/
 */
export const deriveOperators: Deriver = (draft) => {
  const plan = operatorInstallPlan(draft);
  if (plan.length === 0) return [];
  const labels = platformLabels(draft.config, 'operators');
  const out: PlacedObject[] = [];
  if (draft.config.target === 'openshift') {
    const olm = plan.filter((p): p is OlmInstall => p.type === 'olm');
    const scoped = olm.filter((p) => !p.allNamespaces && !p.dedicatedNamespace);
    for (const install of olm.filter((p) => p.dedicatedNamespace)) {
      out.push({
        owner: 'operators',
        object: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: install.namespace,
            labels: {
              ...labels,
              'openshift.io/cluster-monitoring': 'true',
              // Audit and warn only: the vendor's operator pods are its own business, but drift shows up.
              'pod-security.kubernetes.io/audit': 'restricted',
              'pod-security.kubernetes.io/warn': 'restricted',
            },
          },
        },
      });
      out.push({
        owner: 'operators',
        object: {
          apiVersion: 'operators.coreos.com/v1',
          kind: 'OperatorGroup',
          metadata: { name: install.package, namespace: install.namespace, labels },
          // No targetNamespaces: AllNamespaces mode; otherwise the operator watches only its own namespace.
          spec: install.allNamespaces
            ? { upgradeStrategy: 'Default' }
            : { targetNamespaces: [install.namespace], upgradeStrategy: 'Default' },
        },
      });
    }
    if (scoped.length > 0) {
      const targets = [...new Set(scoped.flatMap((p) => p.watchNamespaces))].sort();
      out.push({
        owner: 'operators',
        object: {
          apiVersion: 'operators.coreos.com/v1',
          kind: 'OperatorGroup',
          metadata: { name: 'datalyptica-operators', namespace: draft.systemNamespace, labels },
          spec: { targetNamespaces: targets, upgradeStrategy: 'Default' },
        },
      });
    }
    for (const install of olm)
      out.push({ owner: 'operators', object: withLabels(subscription(install), labels) });
  }
  const sources = plan.filter((p) => p.type !== 'olm');
  if (sources.length === 0) return out;
  const document = stringify(
    sources.map(({ requiredBy, ...rest }) => ({ ...rest, requiredBy: [...requiredBy] })),
    { lineWidth: 0, sortMapEntries: true },
  );
  out.push({
    owner: 'operators',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: OPERATOR_SOURCES_CONFIGMAP, namespace: draft.systemNamespace, labels },
      data: { 'sources.yaml': document },
    },
  });
  return out;
};

function withLabels(object: KubeObject, labels: Record<string, string>): KubeObject {
  return { ...object, metadata: { ...object.metadata, labels: { ...labels } } };
}
