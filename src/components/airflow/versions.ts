/** Airflow release the component runs (the reference image's default Python). @see https://airflow.apache.org/docs/docker-stack/index.html */
export const AIRFLOW_VERSION = '3.3.2';
export const AIRFLOW_IMAGE = `apache/airflow:${AIRFLOW_VERSION}`;
/** The exporter the official chart runs beside Airflow to turn StatsD into Prometheus metrics. @see https://github.com/prometheus/statsd_exporter */
export const STATSD_EXPORTER_IMAGE = 'quay.io/prometheus/statsd-exporter:v0.29.0';

/** The numeric user of the reference image (`AIRFLOW_UID`); OpenShift assigns its own with group 0, which the image supports. */
export const AIRFLOW_UID = 50000;
export const AIRFLOW_HOME = '/opt/airflow';

/**
 * Ports: the api-server (UI, REST API v2 and the task execution API), the scheduler's health
 * server, the log servers of task pods and the triggerer, and the StatsD exporter.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html
 */
export const AIRFLOW_PORTS = {
  api: 8080,
  schedulerHealth: 8974,
  workerLogs: 8793,
  triggererLogs: 8794,
  statsdIngest: 9125,
  statsdMetrics: 9102,
  gitSyncHealth: 8090,
} as const;

/** Service names. */
export const API_SERVER = 'airflow-api-server';
export const STATSD = 'airflow-statsd';
/** Task pods run as this account; it holds no token-bearing rights in the Airflow namespace. */
export const WORKER_SA = 'airflow-worker';
/** Scheduler, dag-processor, triggerer, api-server and the migration Job. */
export const AIRFLOW_SA = 'airflow';
