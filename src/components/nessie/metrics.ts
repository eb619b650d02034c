import type { BuildContext } from '../../model/build-context.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * Nessie is a Quarkus application with Micrometer's Prometheus registry on the management port
 * (`/q/metrics`): HTTP server timings, JVM and process metrics.
 * @see https://projectnessie.org/nessie-latest/configuration/#metrics
 * @see https://quarkus.io/guides/telemetry-micrometer#prometheus
 */
export const NESSIE_METRICS: readonly string[] = ['http_server_requests_seconds_*', 'jvm_*', 'process_*', 'system_*'];

export function nessieMetrics(ctx: BuildContext, managementPort: number): MetricsEndpoint {
  return {
    name: 'nessie',
    namespace: ctx.namespace,
    via: 'service',
    selector: ctx.selector(),
    port: 'management',
    targetPort: managementPort,
    path: '/q/metrics',
    metrics: NESSIE_METRICS,
  };
}

/** Nessie down, server errors, and its pods. */
export function nessieAlerts(ctx: BuildContext, endpoint: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'NessieDown', title: 'Nessie', endpoint }),
    {
      alert: 'NessieServerErrors',
      expr: `sum(rate(http_server_requests_seconds_count{${job},status=~"5.."}[5m])) / sum(rate(http_server_requests_seconds_count{${job}}[5m])) > 0.05`,
      for: '10m',
      severity: 'warning',
      summary: 'Nessie answers with server errors',
      description: 'More than 5% of Nessie API requests have failed with a 5xx status for 10 minutes ({{ $value | humanizePercentage }}).',
      runbook: 'server-errors',
    },
    ...workloadAlerts({ prefix: 'Nessie', title: 'Nessie', namespace: ctx.namespace, pods: 'nessie-.*' }),
  ];
}
