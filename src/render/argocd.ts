import type { KubeObject } from '../model/kube.ts';
import { PHASES } from '../model/names.ts';
import type { Platform } from '../platform/platform.ts';
import { platformLabels } from '../platform/derive/platform-labels.ts';
import { CLUSTER_DIR } from './kustomize-tree.ts';

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
}

/**
 * An AppProject and one Application per top-level folder of the tree (a namespace, or the
 * cluster-scoped folder), ordered with sync waves: cluster-scoped objects and the system namespace
 * (operators) first, then each namespace at the earliest phase of the components in it.
 * Server-side apply and no automatic prune, so a bad commit cannot delete data.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/
 */
export function renderArgoCd(platform: Platform, options: ArgoCdOptions): KubeObject[] {
  const config = platform.config;
  const argoNamespace = options.namespace ?? (config.target === 'openshift' ? 'openshift-gitops' : 'argocd');
  const project = `${config.namePrefix}`;
  const labels = platformLabels(config, 'gitops');
  const folders = new Set<string>();
  for (const { object } of platform.objects) {
    folders.add(object.metadata.namespace ?? (object.kind === 'Namespace' ? object.metadata.name : CLUSTER_DIR));
  }
  const wave = new Map<string, number>();
  for (const built of platform.components.values()) {
    const phase = PHASES.indexOf(built.definition.phase) + 1;
    wave.set(built.namespace, Math.min(wave.get(built.namespace) ?? Number.MAX_SAFE_INTEGER, phase));
  }
  const destinations = [...folders]
    .filter((f) => f !== CLUSTER_DIR)
    .sort()
    .map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace }));

  const appProject: KubeObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: project, namespace: argoNamespace, labels },
    spec: {
      description: 'Datalyptica lakehouse platform',
      sourceRepos: [options.repoURL],
      destinations,
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: 'storage.k8s.io', kind: 'StorageClass' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        { group: 'security.openshift.io', kind: 'SecurityContextConstraints' },
        { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      ],
    },
  };

  const base = (options.path ?? 'out').replace(/\/+$/, '');
  const apps = [...folders].sort().map((folder): KubeObject => {
    const syncWave = folder === CLUSTER_DIR || folder === `${config.namePrefix}-system` || folder === `${config.namePrefix}-operators` ? 0 : (wave.get(folder) ?? PHASES.length);
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: `${project}-${folder === CLUSTER_DIR ? 'cluster' : folder.replace(new RegExp(`^${config.namePrefix}-`), '')}`,
        namespace: argoNamespace,
        labels,
        annotations: { 'argocd.argoproj.io/sync-wave': String(syncWave) },
      },
      spec: {
        project,
        source: { repoURL: options.repoURL, targetRevision: options.revision ?? 'HEAD', path: `${base}/${folder}` },
        destination: folder === CLUSTER_DIR ? { server: 'https://kubernetes.default.svc' } : { server: 'https://kubernetes.default.svc', namespace: folder },
        syncPolicy: {
          automated: { prune: false, selfHeal: true },
          syncOptions: ['ServerSideApply=true', 'SkipDryRunOnMissingResource=true', 'CreateNamespace=false'],
          retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
        },
      },
    };
  });
  return [appProject, ...apps];
}
