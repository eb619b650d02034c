import type { Labels } from '../../model/kube.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * ClickHouse's built-in Prometheus endpoint (`<prometheus>` with metrics, events and asynchronous
 * metrics on): `system.metrics` as `ClickHouseMetrics_*`, `system.events` as
 * `ClickHouseProfileEvents_*`, `system.asynchronous_metrics` as `ClickHouseAsyncMetrics_*`. Keeper
 * serves the same families.
 * @see https://clickhouse.com/docs/operations/server-configuration-parameters/settings#prometheus
 * @see https://clickhouse.com/docs/operations/system-tables/metrics
 */
export const CLICKHOUSE_METRICS: readonly string[] = [
  'ClickHouseMetrics_ReadonlyReplica',
  'ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay',
  'ClickHouseProfileEvents_FailedQuery',
  'ClickHouseProfileEvents_Query',
  'ClickHouseMetrics_*',
  'ClickHouseProfileEvents_*',
  'ClickHouseAsyncMetrics_*',
];

export function clickhouseMetrics(input: { namespace: string; server: Labels; keeper: Labels; port: number; keeperPort: number }): MetricsEndpoint[] {
  return [
    { name: 'clickhouse', namespace: input.namespace, via: 'pod', selector: input.server, port: 'metrics', targetPort: input.port, metrics: CLICKHOUSE_METRICS },
    { name: 'clickhouse-keeper', namespace: input.namespace, via: 'pod', selector: input.keeper, port: 'metrics', targetPort: input.keeperPort, metrics: CLICKHOUSE_METRICS },
  ];
}

/** ClickHouse and Keeper down, read-only replicas, replication delay, failing queries, pods and volumes. */
export function clickhouseAlerts(server: MetricsEndpoint, keeper: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${server.namespace}",job="${server.name}"`;
  return [
    downAlert({ alert: 'ClickHouseDown', title: 'ClickHouse', endpoint: server }),
    downAlert({ alert: 'ClickHouseKeeperDown', title: 'ClickHouse Keeper', endpoint: keeper }),
    {
      alert: 'ClickHouseReadonlyReplica',
      expr: `max by (pod) (ClickHouseMetrics_ReadonlyReplica{${job}}) > 0`,
      for: '5m',
      severity: 'critical',
      summary: 'A ClickHouse replica is read-only',
      description: 'Pod {{ $labels.pod }} has {{ $value }} read-only replicated table(s) for 5 minutes, usually because it lost Keeper.',
      runbook: 'readonly-replica',
    },
    {
      alert: 'ClickHouseReplicationDelay',
      expr: `max by (pod) (ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay{${job}}) > 300`,
      for: '10m',
      severity: 'warning',
      summary: 'A ClickHouse replica lags',
      description: 'Pod {{ $labels.pod }} is {{ $value }}s behind on replicated tables.',
      runbook: 'replication-delay',
    },
    {
      alert: 'ClickHouseQueriesFailing',
      expr: `sum(rate(ClickHouseProfileEvents_FailedQuery{${job}}[5m])) / sum(rate(ClickHouseProfileEvents_Query{${job}}[5m])) > 0.10`,
      for: '15m',
      severity: 'warning',
      summary: 'ClickHouse queries are failing',
      description: '{{ $value | humanizePercentage }} of ClickHouse queries have failed over 15 minutes.',
      runbook: 'queries-failing',
    },
    ...workloadAlerts({ prefix: 'ClickHouse', title: 'ClickHouse', namespace: server.namespace, pods: '(chi|chk)-.*', volumes: '.*(chi|chk)-.*' }),
  ];
}
