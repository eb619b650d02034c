import { parse } from 'yaml';
import type { KubeObject } from '../model/kube.ts';
import { buildDeployGraph, type DeployStep } from '../platform/deploy-graph.ts';
import type { Platform } from '../platform/platform.ts';
import { platformLabels } from '../platform/derive/platform-labels.ts';
import { renderArgoCdHealthPatches } from './argocd-health.ts';
import { applicationWaves, folderOf } from './argocd-waves.ts';
import { operatorApplicationSource, type OperatorSource } from './argocd-operators.ts';
import type { FileTree } from './file-tree.ts';
import { toYaml } from './yaml.ts';

/** Where Argo CD finds the rendered tree. */
export interface ArgoCdOptions {
  /** Git repository URL holding the rendered tree. */
  readonly repoURL: string;
  /** Path of the rendered tree inside the repository. @default 'out' */
  readonly path?: string;
  /** @default 'HEAD' */
  readonly revision?: string;
  /** Namespace Argo CD runs in. @default 'openshift-gitops' on OpenShift, 'argocd' on Kubernetes */
  readonly namespace?: string;
  /**
   * Operator manifests mirrored for a disconnected cluster (`--operator-manifests`): operator or
   * add-on id → manifest text. Those installs sync from the repository instead of their release URL.
   */
  readonly operatorManifests?: ReadonlyMap<string, string>;
}

/** Folder of the Argo CD objects inside the rendered tree. */
export const ARGOCD_DIR = 'argocd';
/** The child Applications and AppProjects the root Application syncs. */
export const ARGOCD_APPS_DIR = `${ARGOCD_DIR}/apps`;
/** Kustomizations gathering the folders of an Application that spans several. */
const SOURCES_DIR = `${ARGOCD_DIR}/sources`;
const IN_CLUSTER = 'https://kubernetes.default.svc';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** The Applications' shared sync policy: server-side apply, never pruned, retried with backoff. */
const SYNC_POLICY = {
  automated: { prune: false, selfHeal: true },
  syncOptions: ['ServerSideApply=true', 'SkipDryRunOnMissingResource=true', 'CreateNamespace=false', 'RespectIgnoreDifferences=true'],
  retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
} as const;

/**
 * The app of apps: a root Application syncing `argocd/apps/`, which holds two AppProjects and one
 * child Application per deploy unit — the platform's namespaces and quotas, the OLM operator
 * objects, each operator installed from Helm or a manifest, and each component. Sync waves follow
 * the deploy graph (the order `deploy` uses), so with the Application health check enabled (see
 * `renderArgoCdHealthPatches`) the root waits for each wave's children to be healthy. Nothing is
 * pruned automatically, so a bad commit cannot delete data.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/cluster-bootstrapping/
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
export function renderArgoCd(platform: Platform, options: ArgoCdOptions): FileTree {
  const units = deployUnits(platform);
  const graph = buildDeployGraph(platform);
  const waves = applicationWaves(graph, (step) => units.appsOfStep(step));
  const ctx = contextOf(platform, options);
  const files = new Map<string, string>();
  const apps: KubeObject[] = [projectOf(ctx, units), operatorProjectOf(ctx, units)];

  for (const [app, folders] of units.folders) {
    const source = sourceFor(ctx, app, folders, files);
    apps.push(application(ctx, { app, wave: waves.get(app) ?? 1, project: ctx.project, source, ignoreDifferences: ignoredFields(units.objects.get(app) ?? []) }));
  }
  for (const [app, install] of units.operators) {
    const operator = operatorApplicationSource({ install, repoURL: ctx.repoURL, revision: ctx.revision, base: ctx.base, manifests: options.operatorManifests });
    for (const [path, text] of operator.files) files.set(path, text);
    apps.push(application(ctx, { app, wave: waves.get(app) ?? 1, project: ctx.operatorProject, source: operator.source, namespace: install.namespace, ignoreDifferences: OPERATOR_IGNORED_FIELDS }));
  }
  const sorted = apps.sort((a, b) => a.kind.localeCompare(b.kind) || a.metadata.name.localeCompare(b.metadata.name));
  const names: string[] = [];
  for (const object of sorted) {
    const name = `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
    names.push(name);
    files.set(`${ARGOCD_APPS_DIR}/${name}`, toYaml(object));
  }
  files.set(`${ARGOCD_APPS_DIR}/kustomization.yaml`, toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names.sort() }));
  files.set(`${ARGOCD_DIR}/root-application.yaml`, toYaml(rootApplication(ctx)));
  for (const [path, text] of renderArgoCdHealthPatches(ctx.argoNamespace)) files.set(path, text);
  return files;
}

/** The Argo CD objects alone (AppProjects, the root and its children), for tests and `check`. Pure. */
export function argoCdObjects(tree: FileTree): KubeObject[] {
  const out: KubeObject[] = [];
  for (const [path, text] of [...tree].sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith('kustomization.yaml') || !(path.startsWith(`${ARGOCD_APPS_DIR}/`) || path === `${ARGOCD_DIR}/root-application.yaml`)) continue;
    out.push(parse(text) as KubeObject);
  }
  return out;
}

interface WriterContext {
  readonly platform: Platform;
  readonly repoURL: string;
  readonly revision: string;
  readonly base: string;
  readonly argoNamespace: string;
  readonly project: string;
  readonly operatorProject: string;
  readonly labels: Record<string, string>;
}

function contextOf(platform: Platform, options: ArgoCdOptions): WriterContext {
  const prefix = platform.config.namePrefix;
  return {
    platform,
    repoURL: options.repoURL,
    revision: options.revision ?? 'HEAD',
    base: (options.path ?? 'out').replace(/\/+$/, ''),
    argoNamespace: options.namespace ?? (platform.config.target === 'openshift' ? 'openshift-gitops' : 'argocd'),
    project: prefix,
    operatorProject: `${prefix}-operators`,
    labels: platformLabels(platform.config, 'gitops'),
  };
}

/** Deploy units: which Application each object folder and each operator install belongs to. */
interface DeployUnits {
  /** Application → the tree folders (`<top>/<owner>`) it syncs. */
  readonly folders: ReadonlyMap<string, readonly string[]>;
  /** Application → its objects (for ignoreDifferences and destinations). */
  readonly objects: ReadonlyMap<string, readonly KubeObject[]>;
  /** Application → a Helm or manifest operator install. */
  readonly operators: ReadonlyMap<string, OperatorSource>;
  appsOfStep(step: DeployStep): readonly string[];
}

/**
 * One Application per owner of objects in the tree (`platform`, `operators`, each component) and
 * per operator or add-on that installs from Helm or a manifest. Pure.
 */
function deployUnits(platform: Platform): DeployUnits {
  const folders = new Map<string, Set<string>>();
  const objects = new Map<string, KubeObject[]>();
  const appOfObject = new Map<KubeObject, string>();
  for (const { object, owner } of platform.objects) {
    const app = owner;
    folders.set(app, (folders.get(app) ?? new Set()).add(`${folderOf(object)}/${owner}`));
    objects.set(app, [...(objects.get(app) ?? []), object]);
    appOfObject.set(object, app);
  }
  const operators = new Map<string, OperatorSource>();
  const graph = buildDeployGraph(platform);
  for (const step of graph.steps) {
    if (step.install === undefined || step.install.type === 'olm') continue;
    operators.set(`operator-${step.install.id}`, step.install);
  }
  return {
    folders: new Map([...folders].sort(([a], [b]) => a.localeCompare(b)).map(([app, set]) => [app, [...set].sort()] as const)),
    objects,
    operators,
    appsOfStep(step) {
      const apps = new Set<string>();
      for (const object of step.waves.flat()) apps.add(appOfObject.get(object) ?? 'platform');
      if (step.install !== undefined && step.install.type !== 'olm') apps.add(`operator-${step.install.id}`);
      return [...apps].sort();
    },
  };
}

function sourceFor(ctx: WriterContext, app: string, folders: readonly string[], files: Map<string, string>): Record<string, unknown> {
  const common = { repoURL: ctx.repoURL, targetRevision: ctx.revision };
  if (folders.length === 1) return { ...common, path: `${ctx.base}/${folders[0]}` };
  // A kustomization that gathers the folders: each folder is a Kustomize base with its own kustomization.yaml.
  files.set(`${SOURCES_DIR}/${app}/kustomization.yaml`, toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: folders.map((f) => `../../../${f}`) }));
  return { ...common, path: `${ctx.base}/${SOURCES_DIR}/${app}` };
}

function application(ctx: WriterContext, input: { app: string; wave: number; project: string; source: Record<string, unknown>; namespace?: string; ignoreDifferences: readonly Record<string, unknown>[] }): KubeObject {
  const destination = input.namespace === undefined ? { server: IN_CLUSTER } : { server: IN_CLUSTER, namespace: input.namespace };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `${ctx.project}-${input.app}`, namespace: ctx.argoNamespace, labels: ctx.labels, annotations: { [SYNC_WAVE]: String(input.wave) } },
    spec: {
      project: input.project,
      source: input.source,
      destination,
      syncPolicy: SYNC_POLICY,
      ...(input.ignoreDifferences.length > 0 ? { ignoreDifferences: input.ignoreDifferences } : {}),
    },
  };
}

function rootApplication(ctx: WriterContext): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `${ctx.project}-root`, namespace: ctx.argoNamespace, labels: ctx.labels },
    spec: {
      // The root lives in the default project: it creates the platform's own AppProjects.
      project: 'default',
      source: { repoURL: ctx.repoURL, targetRevision: ctx.revision, path: `${ctx.base}/${ARGOCD_APPS_DIR}` },
      destination: { server: IN_CLUSTER, namespace: ctx.argoNamespace },
      syncPolicy: SYNC_POLICY,
    },
  };
}

function projectOf(ctx: WriterContext, units: DeployUnits): KubeObject {
  const namespaces = new Set<string>();
  for (const list of units.objects.values()) for (const o of list) if (o.metadata.namespace !== undefined) namespaces.add(o.metadata.namespace);
  for (const list of units.objects.values()) for (const o of list) if (o.kind === 'Namespace') namespaces.add(o.metadata.name);
  const clusterKinds = new Map<string, { group: string; kind: string }>();
  for (const list of units.objects.values()) {
    for (const o of list) {
      if (o.metadata.namespace !== undefined) continue;
      const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
      clusterKinds.set(`${group}/${o.kind}`, { group, kind: o.kind });
    }
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: ctx.project, namespace: ctx.argoNamespace, labels: ctx.labels },
    spec: {
      description: 'Datalyptica lakehouse platform: namespaces, OLM operator objects and components',
      sourceRepos: [ctx.repoURL],
      destinations: [...namespaces].sort().map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: [...clusterKinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v),
    },
  };
}

/**
 * Operators install CRDs, webhooks and cluster roles, so their Applications get a project of their
 * own that may create cluster-scoped objects, limited to the chart repositories and ours.
 */
function operatorProjectOf(ctx: WriterContext, units: DeployUnits): KubeObject {
  const repos = new Set([ctx.repoURL]);
  const namespaces = new Set<string>();
  for (const install of units.operators.values()) {
    if (install.type === 'helm') repos.add(install.repo);
    namespaces.add(install.namespace);
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: ctx.operatorProject, namespace: ctx.argoNamespace, labels: ctx.labels },
    spec: {
      description: 'Operators the Datalyptica platform installs from Helm charts or release manifests',
      sourceRepos: [...repos].sort(),
      destinations: [...namespaces].sort().map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}

/**
 * Fields that controllers other than Argo CD own: the CA bundle cert-manager or the operator
 * injects into webhooks and CRD conversion, so the operator Applications do not flap out of sync.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
 */
const OPERATOR_IGNORED_FIELDS: readonly Record<string, unknown>[] = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
];

/** `spec.replicas` of every workload a HorizontalPodAutoscaler scales: the autoscaler owns it. Pure. */
function ignoredFields(objects: readonly KubeObject[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const target = (o['spec'] as { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    if (target?.kind === undefined || target.name === undefined) continue;
    const group = target.apiVersion?.includes('/') ? target.apiVersion.slice(0, target.apiVersion.indexOf('/')) : '';
    out.push({ group, kind: target.kind, name: target.name, namespace: o.metadata.namespace, jsonPointers: ['/spec/replicas'] });
  }
  return out;
}

