import type { BuildContext } from '../../model/build-context.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { FLINK_PORTS } from './versions.ts';

/**
 * Flink's Prometheus reporter (`metrics.reporter.prom`, container port `metrics`): system scope
 * names joined with `_` (`flink_jobmanager_job_numRestarts`).
 * @see https://nightlies.apache.org/flink/flink-docs-stable/docs/deployment/metric_reporters/#prometheus
 * @see https://nightlies.apache.org/flink/flink-docs-stable/docs/ops/metrics/#system-metrics
 */
export const FLINK_METRICS: readonly string[] = [
  'flink_jobmanager_numRunningJobs',
  'flink_jobmanager_numRegisteredTaskManagers',
  'flink_jobmanager_taskSlotsAvailable',
  'flink_jobmanager_taskSlotsTotal',
  'flink_jobmanager_job_numRestarts',
  'flink_jobmanager_job_uptime',
  'flink_jobmanager_job_numberOfFailedCheckpoints',
  'flink_jobmanager_job_lastCheckpointDuration',
  'flink_jobmanager_*',
  'flink_taskmanager_*',
];

export function flinkMetrics(ctx: BuildContext): MetricsEndpoint {
  return { name: 'flink', namespace: ctx.namespace, via: 'pod', selector: ctx.selector(), port: 'metrics', targetPort: FLINK_PORTS.metrics, metrics: FLINK_METRICS };
}

/** Flink down, restarting jobs, failing checkpoints, no TaskManager, and its pods. */
export function flinkAlerts(ctx: BuildContext, endpoint: MetricsEndpoint, deployment: string): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'FlinkDown', title: 'Flink', endpoint }),
    {
      alert: 'FlinkJobRestarting',
      // numRestarts is a gauge that only grows while the job lives.
      expr: `delta(flink_jobmanager_job_numRestarts{${job}}[15m]) > 2`,
      severity: 'warning',
      summary: 'A Flink job keeps restarting',
      description: 'Job {{ $labels.job_name }} restarted {{ $value }} times in 15 minutes: it fails and recovers from its last checkpoint.',
      runbook: 'job-restarting',
    },
    {
      alert: 'FlinkCheckpointsFailing',
      expr: `delta(flink_jobmanager_job_numberOfFailedCheckpoints{${job}}[30m]) > 0`,
      for: '30m',
      severity: 'warning',
      summary: 'Flink checkpoints are failing',
      description: 'Job {{ $labels.job_name }} has failed checkpoints for 30 minutes: a restart would replay from an old state.',
      runbook: 'checkpoints-failing',
    },
    {
      alert: 'FlinkNoTaskManagers',
      expr: `max(flink_jobmanager_numRegisteredTaskManagers{${job}}) < 1`,
      for: '10m',
      severity: 'critical',
      summary: 'No Flink TaskManager is registered',
      description: 'The JobManager has had no TaskManager for 10 minutes: no job can run.',
      runbook: 'no-taskmanagers',
    },
    ...workloadAlerts({ prefix: 'Flink', title: 'Flink', namespace: ctx.namespace, pods: `${deployment}-.*` }),
  ];
}
