import type { BuildContext } from '../../model/build-context.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * MinIO's cluster metrics (v2), public because the Tenant sets `MINIO_PROMETHEUS_AUTH_TYPE=public`.
 * @see https://min.io/docs/minio/linux/operations/monitoring/collect-minio-metrics-using-prometheus.html
 * @see https://min.io/docs/minio/linux/operations/monitoring/metrics-and-alerts.html
 */
export const MINIO_METRICS: readonly string[] = [
  'minio_cluster_nodes_offline_total',
  'minio_cluster_nodes_online_total',
  'minio_cluster_drive_offline_total',
  'minio_cluster_drive_online_total',
  'minio_cluster_capacity_usable_free_bytes',
  'minio_cluster_capacity_usable_total_bytes',
  'minio_cluster_health_status',
  'minio_*',
];

/**
 * The Tenant's `minio` Service (port `https-minio`, operator certificates): verified against the
 * service CA on OpenShift (the Service carries a serving certificate for `minio.<ns>.svc`) and the
 * cluster CA on Kubernetes (the operator's CSRs are signed by it).
 */
export function minioMetrics(ctx: BuildContext, tenant: string, port: number): MetricsEndpoint {
  const caConfigMap = ctx.openshift ? { name: 'openshift-service-ca.crt', key: 'service-ca.crt' } : { name: 'kube-root-ca.crt', key: 'ca.crt' };
  return {
    name: 'minio',
    namespace: ctx.namespace,
    via: 'service',
    selector: { 'v1.min.io/tenant': tenant },
    podSelector: { 'v1.min.io/tenant': tenant },
    port: 'https-minio',
    targetPort: port,
    path: '/minio/v2/metrics/cluster',
    scheme: 'https',
    tls: { caConfigMap, serverName: `minio.${ctx.namespace}.svc` },
    metrics: MINIO_METRICS,
  };
}

/** MinIO down, offline nodes and drives, capacity. */
export function minioAlerts(ctx: BuildContext, endpoint: MetricsEndpoint, tenant: string): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'MinioDown', title: 'MinIO', endpoint }),
    {
      alert: 'MinioNodesOffline',
      expr: `max(minio_cluster_nodes_offline_total{${job}}) > 0`,
      for: '5m',
      severity: 'critical',
      summary: 'MinIO servers are offline',
      description: '{{ $value }} MinIO server(s) of the tenant have been offline for 5 minutes; erasure coding tolerates only a few.',
      runbook: 'nodes-offline',
    },
    {
      alert: 'MinioDrivesOffline',
      expr: `max(minio_cluster_drive_offline_total{${job}}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'MinIO drives are offline',
      description: '{{ $value }} MinIO drive(s) have been offline for 5 minutes.',
      runbook: 'drives-offline',
    },
    {
      alert: 'MinioCapacityAlmostFull',
      expr: `max(minio_cluster_capacity_usable_free_bytes{${job}}) / max(minio_cluster_capacity_usable_total_bytes{${job}}) < 0.10`,
      for: '30m',
      severity: 'warning',
      summary: 'MinIO is almost full',
      description: 'Only {{ $value | humanizePercentage }} of the tenant\u2019s usable capacity is free.',
      runbook: 'capacity-almost-full',
    },
    ...workloadAlerts({ prefix: 'Minio', title: 'MinIO', namespace: ctx.namespace, pods: `${tenant}-.*`, volumes: `.*${tenant}-.*` }),
  ];
}
