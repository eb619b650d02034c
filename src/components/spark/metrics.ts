import type { BuildContext } from '../../model/build-context.ts';
import type { Labels } from '../../model/kube.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { workloadAlerts } from '../../platform/monitoring.ts';
import { SPARK_PORTS } from './versions.ts';

/**
 * The driver's PrometheusServlet sink (`/metrics/prometheus/`: `metrics_<namespace>_driver_…`)
 * and its executor summary (`/metrics/executors/prometheus/`: `metrics_executor_…` with
 * `application_id`, `application_name` and `executor_id` labels), both on the UI port.
 * @see https://spark.apache.org/docs/latest/monitoring.html#metrics
 * @see https://spark.apache.org/docs/latest/monitoring.html#executor-metrics
 */
export const SPARK_DRIVER_METRICS: readonly string[] = ['metrics_*'];
export const SPARK_EXECUTOR_METRICS: readonly string[] = [
  'metrics_executor_failedTasks_total',
  'metrics_executor_completedTasks_total',
  'metrics_executor_totalTasks_total',
  'metrics_executor_activeTasks',
  'metrics_executor_memoryUsed_bytes',
  'metrics_executor_*',
];

/** Two endpoints on the driver's UI port (a monitor has one path per endpoint). */
export function sparkMetrics(ctx: BuildContext, driverSelector: Labels): MetricsEndpoint[] {
  const common = { namespace: ctx.namespace, via: 'pod' as const, selector: driverSelector, port: 'spark-ui', targetPort: SPARK_PORTS.ui };
  return [
    { ...common, name: 'spark-driver', path: '/metrics/prometheus/', metrics: SPARK_DRIVER_METRICS },
    { ...common, name: 'spark-executors', path: '/metrics/executors/prometheus/', metrics: SPARK_EXECUTOR_METRICS },
  ];
}

/**
 * Spark applications are batch runs: a driver exists only while one runs, so there is no "down"
 * alert (it would fire between runs). Failed drivers and failing tasks are the job failures.
 */
export function sparkAlerts(ctx: BuildContext, executors: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${executors.name}"`;
  return [
    {
      alert: 'SparkApplicationFailed',
      expr: `max by (pod) (kube_pod_status_phase{namespace="${ctx.namespace}",pod=~".+-driver",phase="Failed"}) == 1`,
      severity: 'warning',
      summary: 'A Spark application failed',
      description: 'Driver pod {{ $labels.pod }} ended in phase Failed: the SparkApplication did not complete.',
      runbook: 'application-failed',
    },
    {
      alert: 'SparkTasksFailing',
      expr: `sum by (application_name) (increase(metrics_executor_failedTasks_total{${job}}[15m])) > 10`,
      severity: 'warning',
      summary: 'Spark tasks are failing',
      description: 'Application {{ $labels.application_name }} had {{ $value }} failed tasks in 15 minutes.',
      runbook: 'tasks-failing',
    },
    ...workloadAlerts({ prefix: 'Spark', title: 'Spark', namespace: ctx.namespace, pods: '.+-(driver|exec-[0-9]+)' }),
  ];
}
