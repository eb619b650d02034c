import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * The cert-manager controller's Prometheus endpoint (container port `http-metrics`, 9402).
 * @see https://cert-manager.io/docs/devops-tips/prometheus-metrics/
 */
export const CERT_MANAGER_METRICS: readonly string[] = [
  'certmanager_certificate_expiration_timestamp_seconds',
  'certmanager_certificate_renewal_timestamp_seconds',
  'certmanager_certificate_ready_status',
  'certmanager_controller_sync_call_count',
  'certmanager_clock_time_seconds',
  'certmanager_http_acme_client_request_count',
  'certmanager_*',
];

export function certManagerMetrics(namespace: string, selector: Record<string, string>, port: number): MetricsEndpoint {
  return { name: 'cert-manager', namespace, via: 'pod', selector, port: 'http-metrics', targetPort: port, metrics: CERT_MANAGER_METRICS };
}

/** cert-manager down, certificates close to expiry or not ready. */
export function certManagerAlerts(endpoint: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${endpoint.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'CertManagerDown', title: 'cert-manager', endpoint }),
    {
      alert: 'CertificateExpiringSoon',
      expr: `certmanager_certificate_expiration_timestamp_seconds{${job}} - time() < 14 * 24 * 3600`,
      for: '1h',
      severity: 'warning',
      summary: 'A certificate expires in less than 14 days',
      description: 'Certificate {{ $labels.name }} in {{ $labels.exported_namespace }} expires in {{ $value | humanizeDuration }} and has not been renewed.',
      runbook: 'certificate-expiring',
    },
    {
      alert: 'CertificateNotReady',
      expr: `max by (name, exported_namespace) (certmanager_certificate_ready_status{${job},condition!="True"}) == 1`,
      for: '15m',
      severity: 'warning',
      summary: 'A certificate is not ready',
      description: 'Certificate {{ $labels.name }} in {{ $labels.exported_namespace }} has not been Ready for 15 minutes: issuance or renewal fails.',
      runbook: 'certificate-not-ready',
    },
    ...workloadAlerts({ prefix: 'CertManager', title: 'cert-manager', namespace: endpoint.namespace, pods: 'cert-manager-.*' }),
  ];
}
