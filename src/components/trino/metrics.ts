import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { TRINO_PORTS } from './versions.ts';

/**
 * Trino's native OpenMetrics endpoint: every JMX MBean attribute as
 * `<domain>_<key>_<value>_<attribute>` (dots become `_`), e.g. `trino.execution:name=QueryManager`
 * `RunningQueries` → `trino_execution_name_QueryManager_RunningQueries`.
 * @see https://trino.io/docs/current/admin/openmetrics.html
 * @see https://trino.io/docs/current/admin/jmx.html
 */
export const TRINO_METRICS: readonly string[] = [
  'trino_execution_name_QueryManager_*',
  'trino_failuredetector_name_HeartbeatFailureDetector_*',
  'trino_memory_type_ClusterMemoryPool_*',
  'trino_memory_name_ClusterMemoryManager_*',
  'io_airlift_*',
  'java_lang_*',
];

/**
 * /metrics needs a user; without password authentication Basic auth with a user name and an empty
 * password is accepted (a non-empty one is refused over HTTP). The Prometheus operator rejects a
 * basicAuth without a password key, so the Secret carries an empty `password`.
 */
export function trinoMetrics(ctx: BuildContext, secret: string): MetricsEndpoint {
  return {
    name: 'trino',
    namespace: ctx.namespace,
    via: 'service',
    selector: ctx.selector(),
    port: 'http',
    targetPort: TRINO_PORTS.http,
    metrics: TRINO_METRICS,
    auth: { type: 'basic', secret },
  };
}

/** Trino down, failing queries, lost workers, and its pods. */
export function trinoAlerts(ctx: BuildContext, endpoint: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'TrinoDown', title: 'Trino', endpoint }),
    {
      alert: 'TrinoQueryFailuresHigh',
      expr: `sum(trino_execution_name_QueryManager_FailedQueries_OneMinute_Count{${job}}) > 10`,
      for: '10m',
      severity: 'warning',
      summary: 'Trino queries are failing',
      description: 'More than 10 Trino queries a minute have failed for 10 minutes ({{ $value }} in the last minute).',
      runbook: 'query-failures',
    },
    {
      alert: 'TrinoNoActiveWorkers',
      expr: `max(trino_failuredetector_name_HeartbeatFailureDetector_ActiveCount{${job}}) < 1`,
      for: '5m',
      severity: 'critical',
      summary: 'The Trino coordinator sees no active worker',
      description: 'The coordinator failure detector has counted no active node for 5 minutes: queries cannot run.',
      runbook: 'no-active-workers',
    },
    ...workloadAlerts({ prefix: 'Trino', title: 'Trino', namespace: ctx.namespace, pods: 'trino-.*', volumes: '.*trino-worker-.*' }),
  ];
}
