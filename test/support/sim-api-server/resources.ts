/** One REST resource the simulated server serves. */
export interface SimResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const core = (kind: string, plural: string, namespaced = true): SimResource => ({ group: '', version: 'v1', kind, plural, namespaced });
const g = (group: string, version: string, kind: string, plural: string, namespaced = true): SimResource => ({ group, version, kind, plural, namespaced });

/** The built-in kinds of a Kubernetes 1.30 API server (the subset the platform uses). */
export const BUILTIN_RESOURCES: readonly SimResource[] = [
  core('Namespace', 'namespaces', false),
  core('Secret', 'secrets'),
  core('ConfigMap', 'configmaps'),
  core('Service', 'services'),
  core('ServiceAccount', 'serviceaccounts'),
  core('PersistentVolumeClaim', 'persistentvolumeclaims'),
  core('Pod', 'pods'),
  core('ResourceQuota', 'resourcequotas'),
  core('LimitRange', 'limitranges'),
  core('Event', 'events'),
  g('apps', 'v1', 'Deployment', 'deployments'),
  g('apps', 'v1', 'StatefulSet', 'statefulsets'),
  g('apps', 'v1', 'DaemonSet', 'daemonsets'),
  g('batch', 'v1', 'Job', 'jobs'),
  g('batch', 'v1', 'CronJob', 'cronjobs'),
  g('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  g('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  g('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  g('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  g('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  g('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
  g('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  g('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices'),
  g('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false),
  g('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  g('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false),
  g('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
];

/** What OpenShift serves on top (routes, SCCs, OLM, the monitoring stack's CRDs). */
export const OPENSHIFT_RESOURCES: readonly SimResource[] = [
  g('route.openshift.io', 'v1', 'Route', 'routes'),
  g('security.openshift.io', 'v1', 'SecurityContextConstraints', 'securitycontextconstraints', false),
  g('operators.coreos.com', 'v1', 'OperatorGroup', 'operatorgroups'),
  g('operators.coreos.com', 'v1alpha1', 'Subscription', 'subscriptions'),
  g('operators.coreos.com', 'v1alpha1', 'ClusterServiceVersion', 'clusterserviceversions'),
  g('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors'),
  g('monitoring.coreos.com', 'v1', 'PodMonitor', 'podmonitors'),
  g('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules'),
];

export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('y') && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (lower.endsWith('s')) return `${lower}es`;
  return `${lower}s`;
}

/** A CustomResourceDefinition object for a kind, as an operator would install it. */
export function crdObject(options: { group: string; kind: string; plural?: string; versions: readonly string[]; namespaced?: boolean }): Record<string, unknown> {
  const plural = options.plural ?? pluralOf(options.kind);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${options.group}` },
    spec: {
      group: options.group,
      names: { kind: options.kind, plural, singular: options.kind.toLowerCase(), listKind: `${options.kind}List` },
      scope: options.namespaced === false ? 'Cluster' : 'Namespaced',
      versions: options.versions.map((name, i) => ({ name, served: true, storage: i === 0, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {} } })),
    },
  };
}
