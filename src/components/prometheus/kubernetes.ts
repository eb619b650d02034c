import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import { MONITOR_LABEL } from '../../model/metrics.ts';
import type { Sizing } from '../../model/sizing.ts';
import { podPolicy, type PodPolicy } from '../../platform/pod-policy.ts';
import { claimSpec, service, serviceAccount } from '../../platform/workload.ts';
import type { PrometheusOptions } from './options.ts';
import { PROMETHEUS_IMAGE, PROMETHEUS_PORT, PROMETHEUS_VERSION } from './versions.ts';

export const PROMETHEUS_SA = 'prometheus';
/** The ClusterIP Service Grafana and `validate` query (the operator's `prometheus-operated` is headless). */
export const PROMETHEUS_SERVICE = 'prometheus';

/** The name of the Prometheus (and Alertmanager) CR: the platform prefix (R-MON-1: `datalyptica`). */
export function monitoringCrName(ctx: BuildContext): string {
  return ctx.config.namePrefix;
}

/**
 * Read access for service discovery and the kubelet's metrics: what the operator's documented
 * Prometheus ClusterRole grants, nothing more.
 * @see https://prometheus-operator.dev/docs/platform/rbac/#prometheus-rbac
 */
function rbac(ctx: BuildContext): KubeObject[] {
  const name = `${ctx.config.namePrefix}-prometheus`;
  return [
    serviceAccount(ctx, PROMETHEUS_SA, { automount: true }),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels: ctx.labels() },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels: ctx.labels() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: PROMETHEUS_SA, namespace: ctx.namespace }],
    },
  ];
}

/** The operator's containers, restated with the restricted security context (the operator merges them by name). */
function containers(policy: PodPolicy): Record<string, unknown>[] {
  return ['prometheus', 'config-reloader'].map((name) => ({ name, securityContext: policy.readOnlyContainerSecurityContext }));
}

/**
 * The `Prometheus` CR: monitors, pod monitors and rules selected by our label in every namespace,
 * alerts to our Alertmanager when it is enabled, replicas on distinct nodes.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec
 */
export function prometheusObjects(ctx: BuildContext<PrometheusOptions>, input: { sizing: Sizing; retention: string; alertmanager?: { namespace: string } }): KubeObject[] {
  const { sizing } = input;
  // A fresh object per field: shared ones would come out as YAML anchors.
  const selector = () => ({ matchLabels: { ...MONITOR_LABEL } });
  // The image's files belong to `nobody` (65534) on both targets; replicas on distinct nodes.
  const policy = podPolicy(ctx, { selector: ctx.selector(), replicas: sizing.replicas, antiAffinity: sizing.replicas > 1 ? 'required' : 'none', user: { runAsUser: 65534, fsGroup: 65534 } });
  const spec: Record<string, unknown> = {
    replicas: sizing.replicas,
    version: PROMETHEUS_VERSION,
    image: ctx.image(PROMETHEUS_IMAGE, { main: true }),
    serviceAccountName: PROMETHEUS_SA,
    podMetadata: { labels: ctx.labels() },
    retention: input.retention,
    // Leave room for compaction: size-based retention at 85% of the volume.
    retentionSize: retentionSize(sizing.storage ?? '10Gi'),
    scrapeInterval: '30s',
    evaluationInterval: '30s',
    serviceMonitorSelector: selector(),
    podMonitorSelector: selector(),
    ruleSelector: selector(),
    serviceMonitorNamespaceSelector: {},
    podMonitorNamespaceSelector: {},
    ruleNamespaceSelector: {},
    resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
    securityContext: policy.securityContext,
    containers: containers(policy),
    storage: { volumeClaimTemplate: { spec: claimSpec({ name: 'prometheus-db', size: sizing.storage ?? '10Gi', storageClass: ctx.storageClass('standard') }) } },
  };
  Object.assign(spec, policy.scheduling);
  if (input.alertmanager !== undefined) {
    spec['alerting'] = { alertmanagers: [{ namespace: input.alertmanager.namespace, name: 'alertmanager-operated', port: 'web', apiVersion: 'v2' }] };
  }
  return [
    ...rbac(ctx),
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: monitoringCrName(ctx), namespace: ctx.namespace, labels: ctx.labels() }, spec },
    service(ctx, { name: PROMETHEUS_SERVICE, ports: [{ name: 'web', port: PROMETHEUS_PORT, targetPort: 'web' }] }),
  ];
}

/** 85% of a volume size, in whole GiB (Prometheus's `retentionSize` units). */
function retentionSize(size: string): string {
  const match = /^([0-9]+)(Gi|Ti)$/.exec(size);
  if (match === null) return '8GB';
  const gib = Number(match[1]) * (match[2] === 'Ti' ? 1024 : 1);
  return `${Math.max(1, Math.floor(gib * 0.85))}GB`;
}
