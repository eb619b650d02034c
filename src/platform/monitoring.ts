import type { AlertRule, MetricsEndpoint } from '../model/metrics.ts';

/**
 * Metrics every alert and dashboard may name besides its component's endpoints: Prometheus's own
 * `up`, the kube-state-metrics series, the kubelet's volume statistics and two cAdvisor series
 * (scraped by the platform monitoring stack on OpenShift; on Kubernetes kube-state-metrics by the
 * operator chart's ServiceMonitor and the kubelet by the prometheus component's). An explicit list,
 * so a typo in an alert is still an unknown metric.
 * @see https://prometheus.io/docs/concepts/jobs_instances/#automatically-generated-labels-and-time-series
 * @see https://github.com/kubernetes/kube-state-metrics/tree/main/docs/metrics/workload
 * @see https://kubernetes.io/docs/reference/instrumentation/metrics/
 * @see https://github.com/google/cadvisor/blob/master/docs/storage/prometheus.md
 */
export const STANDARD_METRICS: readonly string[] = [
  'up',
  'kube_pod_container_status_restarts_total',
  'kube_pod_container_status_waiting_reason',
  'kube_pod_status_ready',
  'kube_pod_status_phase',
  'kube_deployment_status_replicas_available',
  'kube_statefulset_status_replicas_ready',
  'kube_persistentvolumeclaim_info',
  'kubelet_volume_stats_available_bytes',
  'kubelet_volume_stats_capacity_bytes',
  'kubelet_volume_stats_inodes_free',
  'kubelet_volume_stats_inodes',
  'kubelet_volume_stats_used_bytes',
  // cAdvisor, from the kubelet's /metrics/cadvisor (OpenShift's platform monitoring; our kubelet
  // ServiceMonitor on Kubernetes keeps these two).
  'container_cpu_usage_seconds_total',
  'container_memory_working_set_bytes',
];

/**
 * The scrape job name of an endpoint: the platform's monitors relabel `job` to the endpoint's
 * name, so rules need not know the operator's defaults (Service name, `namespace/PodMonitor`).
 */
export function upSelector(endpoint: Pick<MetricsEndpoint, 'name' | 'namespace'>): string {
  return `up{namespace="${endpoint.namespace}",job="${endpoint.name}"}`;
}

/**
 * "<title> is down": no target of the endpoint has answered a scrape for five minutes (also fires
 * when the targets are gone altogether, which `up == 0` alone would miss).
 */
export function downAlert(input: { alert: string; title: string; endpoint: Pick<MetricsEndpoint, 'name' | 'namespace'>; severity?: AlertRule['severity'] }): AlertRule {
  return {
    alert: input.alert,
    expr: `absent(${upSelector(input.endpoint)} == 1)`,
    for: '5m',
    severity: input.severity ?? 'critical',
    summary: `${input.title} is down`,
    description: `No ${input.title} metrics target in namespace ${input.endpoint.namespace} has answered a scrape for 5 minutes.`,
    runbook: 'down',
  };
}

/** Pod and volume alerts over the standard metrics, for a component's pods (by pod name pattern) in one namespace. */
export function workloadAlerts(input: { prefix: string; title: string; namespace: string; pods: string; volumes?: string }): AlertRule[] {
  const pods = `namespace="${input.namespace}",pod=~"${input.pods}"`;
  const rules: AlertRule[] = [
    {
      alert: `${input.prefix}PodCrashLooping`,
      expr: `max_over_time(kube_pod_container_status_waiting_reason{${pods},reason="CrashLoopBackOff"}[5m]) >= 1`,
      for: '15m',
      severity: 'warning',
      summary: `A ${input.title} container is crash looping`,
      description: `Container {{ $labels.container }} of pod {{ $labels.pod }} in ${input.namespace} has been in CrashLoopBackOff for 15 minutes.`,
      runbook: 'pod-crash-looping',
    },
  ];
  if (input.volumes !== undefined) {
    const volumes = `namespace="${input.namespace}",persistentvolumeclaim=~"${input.volumes}"`;
    rules.push({
      alert: `${input.prefix}VolumeAlmostFull`,
      expr: `kubelet_volume_stats_available_bytes{${volumes}} / kubelet_volume_stats_capacity_bytes{${volumes}} < 0.10`,
      for: '15m',
      severity: 'warning',
      summary: `A ${input.title} volume is almost full`,
      description: `PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} in ${input.namespace} has {{ $value | humanizePercentage }} free space left.`,
      runbook: 'volume-almost-full',
    });
  }
  return rules;
}
