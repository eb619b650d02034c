import { stringify } from 'yaml';
import type { ResolvedConfig } from '../../config/schema.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ComponentName } from '../../model/names.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import type { BuiltComponent, Deriver, PlacedObject } from '../platform.ts';
import { systemNamespace } from '../layout.ts';
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
  /** The OperatorGroup's targets when not AllNamespaces. */
  readonly watchNamespaces: readonly string[];
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
  const byId = new Map<string, { requirement: OperatorRequirement; requiredBy: ComponentName[]; namespaces: Set<string> }>();
  for (const [name, built] of components) {
    for (const requirement of built.build.operators) {
      const entry = byId.get(requirement.id) ?? { requirement, requiredBy: [], namespaces: new Set<string>() };
      if (!entry.requiredBy.includes(name)) entry.requiredBy.push(name);
      for (const ns of requirement.watchNamespaces ?? [built.namespace]) entry.namespaces.add(ns);
      byId.set(requirement.id, entry);
    }
  }
  return [...byId.values()];
}

/**
 * What `deploy` installs in its operators phase, for the config's target: OLM Subscriptions on
 * OpenShift (with `operators.approval` and per-id overrides), Helm charts or manifests on
 * Kubernetes. Pure.
 */
export function operatorInstallPlan(platform: {
  readonly config: ResolvedConfig;
  readonly components: ReadonlyMap<ComponentName, BuiltComponent>;
}): OperatorInstall[] {
  const { config } = platform;
  const system = systemNamespace(config);
  return collectOperators(platform.components).map(({ requirement: r, requiredBy, namespaces }) => {
    const common: InstallCommon = { id: r.id, displayName: r.displayName, requiredBy, crds: [...r.crds], docs: r.docs };
    if (config.target === 'openshift') {
      const override = config.operators.overrides[r.id] ?? {};
      const startingCSV = override.startingCSV ?? r.olm.startingCSV;
      const install: OlmInstall = {
        ...common,
        type: 'olm',
        namespace: r.olm.allNamespaces ? GLOBAL_OPERATORS_NAMESPACE : system,
        package: r.olm.package,
        channel: override.channel ?? r.olm.channel,
        source: r.olm.source,
        sourceNamespace: r.olm.sourceNamespace ?? 'openshift-marketplace',
        approval: override.approval ?? config.operators.approval,
        allNamespaces: r.olm.allNamespaces,
        watchNamespaces: r.olm.allNamespaces ? [] : [...namespaces].sort(),
      };
      return startingCSV === undefined ? install : { ...install, startingCSV };
    }
    const k = r.kubernetes;
    if (k.type === 'helm') {
      const helm: HelmInstall = { ...common, type: 'helm', repo: k.repo, chart: k.chart, version: k.version, namespace: k.namespace };
      return k.values === undefined ? helm : { ...helm, values: k.values };
    }
    return { ...common, type: 'manifest', url: k.url, version: k.version, namespace: k.namespace };
  });
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
  return {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { name: install.package, namespace: install.namespace, annotations: { 'datalyptica.io/required-by': install.requiredBy.join(',') } },
    spec,
  };
}

/**
 * The operators phase. OpenShift: a Subscription per operator, AllNamespaces ones in
 * `openshift-operators` (whose global OperatorGroup exists), the others in the system namespace
 * under one OperatorGroup (OLM allows one per namespace) that targets every namespace they watch.
 * Kubernetes: the install plan as a ConfigMap in the system namespace, for users to read.
 * @see https://olm.operatorframework.io/docs/advanced-tasks/operator-scoping-with-operatorgroups/
 */
export const deriveOperators: Deriver = (draft) => {
  const plan = operatorInstallPlan(draft);
  if (plan.length === 0) return [];
  const labels = platformLabels(draft.config, 'operators');
  const out: PlacedObject[] = [];
  if (draft.config.target === 'openshift') {
    const olm = plan.filter((p): p is OlmInstall => p.type === 'olm');
    const scoped = olm.filter((p) => !p.allNamespaces);
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
    for (const install of olm) out.push({ owner: 'operators', object: withLabels(subscription(install), labels) });
    return out;
  }
  const document = stringify(
    plan.map(({ requiredBy, ...rest }) => ({ ...rest, requiredBy: [...requiredBy] })),
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
