import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import type { Labels } from '../../model/kube.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * CloudNativePG's instance manager exporter (container port `metrics`, 9187): the collector's own
 * series plus the default monitoring queries (`cnpg_pg_replication_*`, `cnpg_pg_stat_archiver_*`,
 * ...), and the Barman Cloud plugin's backup timestamps.
 * @see https://cloudnative-pg.io/documentation/current/monitoring/
 * @see https://github.com/cloudnative-pg/cloudnative-pg/blob/main/config/manager/default-monitoring.yaml
 * @see https://cloudnative-pg.io/plugin-barman-cloud/docs/observability
 */
export const CNPG_METRICS: readonly string[] = [
  'cnpg_collector_up',
  'cnpg_pg_replication_lag',
  'cnpg_pg_replication_in_recovery',
  'cnpg_pg_replication_is_wal_receiver_up',
  'cnpg_pg_replication_streaming_replicas',
  'cnpg_pg_stat_archiver_seconds_since_last_archival',
  'cnpg_pg_stat_archiver_failed_count',
  'cnpg_backends_total',
  'cnpg_pg_database_size_bytes',
  'cnpg_collector_*',
  'cnpg_pg_*',
  'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp',
  'barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp',
  'barman_cloud_cloudnative_pg_io_first_recoverability_point',
];

/** CloudNativePG's PgBouncer exporter (Pooler pods, container port `metrics`, 9127). @see https://cloudnative-pg.io/documentation/current/connection_pooling/#monitoring */
export const CNPG_PGBOUNCER_METRICS: readonly string[] = ['cnpg_pgbouncer_*'];

/**
 * Crunchy PGO's exporter sidecar (container port `exporter`, 9187) with the pgMonitor queries.
 * @see https://access.crunchydata.com/documentation/postgres-operator/latest/guides/monitoring
 * @see https://github.com/CrunchyData/pgmonitor/blob/development/postgres_exporter/common/queries_global.yml
 */
export const CRUNCHY_METRICS: readonly string[] = [
  'ccp_is_in_recovery_status',
  'ccp_replication_lag_replay_time',
  'ccp_replication_lag_size_bytes',
  'ccp_archive_command_status_seconds_since_last_fail',
  'ccp_backrest_last_full_backup_time_since_completion_seconds',
  'ccp_backrest_last_diff_backup_time_since_completion_seconds',
  'ccp_backrest_last_incr_backup_time_since_completion_seconds',
  'ccp_connection_stats_total',
  'ccp_postmaster_uptime_seconds',
  'ccp_*',
];

export interface PostgresMetricsInput {
  readonly operator: 'cnpg' | 'crunchy';
  readonly namespace: string;
  readonly instances: Labels;
  readonly pooler: Labels;
  readonly port: number;
  readonly poolerPort: number;
}

/** The instances' exporter, and with CloudNativePG the PgBouncer exporter. */
export function postgresMetrics(input: PostgresMetricsInput): MetricsEndpoint[] {
  if (input.operator === 'crunchy') {
    return [{ name: 'postgres', namespace: input.namespace, via: 'pod', selector: input.instances, port: 'exporter', targetPort: input.port, metrics: CRUNCHY_METRICS }];
  }
  return [
    { name: 'postgres', namespace: input.namespace, via: 'pod', selector: input.instances, port: 'metrics', targetPort: input.port, metrics: CNPG_METRICS },
    { name: 'postgres-pooler', namespace: input.namespace, via: 'pod', selector: input.pooler, port: 'metrics', targetPort: input.poolerPort, metrics: CNPG_PGBOUNCER_METRICS },
  ];
}

/** Replication lag (seconds) and backup age alerts, in the operator's metric names. */
function operatorAlerts(operator: 'cnpg' | 'crunchy', job: string, backups: boolean): AlertRule[] {
  const lag = operator === 'cnpg' ? `cnpg_pg_replication_lag{${job}}` : `ccp_replication_lag_replay_time{${job}}`;
  const recovery = operator === 'cnpg' ? `cnpg_pg_replication_in_recovery{${job}}` : `ccp_is_in_recovery_status{${job}}`;
  const rules: AlertRule[] = [
    {
      alert: 'PostgresReplicationLagHigh',
      expr: `max by (pod) (${lag}) > 30`,
      for: '5m',
      severity: 'warning',
      summary: 'A PostgreSQL replica lags behind the primary',
      description: 'Replica {{ $labels.pod }} has replayed WAL {{ $value | humanizeDuration }} behind the primary for 5 minutes: a failover now would lose or wait for that much.',
      runbook: 'replication-lag',
    },
    {
      alert: 'PostgresFailover',
      expr: `changes(${recovery}[10m]) > 0`,
      severity: 'warning',
      summary: 'A PostgreSQL instance changed role',
      description: 'Instance {{ $labels.pod }} switched between primary and replica in the last 10 minutes (failover or switchover).',
      runbook: 'failover',
    },
  ];
  if (backups) {
    const age = operator === 'cnpg'
      ? `time() - max(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${job}})`
      : `min(ccp_backrest_last_full_backup_time_since_completion_seconds{${job}})`;
    rules.push({
      alert: 'PostgresBackupTooOld',
      expr: `${age} > 26 * 3600`,
      for: '30m',
      severity: 'critical',
      summary: 'The last PostgreSQL backup is older than a day',
      description: 'The newest base backup completed {{ $value | humanizeDuration }} ago; the daily schedule has missed a run.',
      runbook: 'backup-too-old',
    });
  }
  return rules;
}

/** PostgreSQL down, pooler down, replication lag, failover, backup age, and its pods and volumes. */
export function postgresAlerts(input: { operator: 'cnpg' | 'crunchy'; endpoints: readonly MetricsEndpoint[]; cluster: string; backups: boolean }): AlertRule[] {
  const [instances, pooler] = input.endpoints;
  if (instances === undefined) return [];
  const job = `namespace="${instances.namespace}",job="${instances.name}"`;
  return [
    downAlert({ alert: 'PostgresDown', title: 'PostgreSQL', endpoint: instances }),
    ...(pooler === undefined ? [] : [downAlert({ alert: 'PostgresPoolerDown', title: 'PgBouncer', endpoint: pooler })]),
    ...operatorAlerts(input.operator, job, input.backups),
    ...workloadAlerts({ prefix: 'Postgres', title: 'PostgreSQL', namespace: instances.namespace, pods: `${input.cluster}-.*`, volumes: `${input.cluster}-.*` }),
  ];
}
