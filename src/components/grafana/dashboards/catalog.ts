import type { ComponentName } from '../../../model/names.ts';
import type { Dashboard } from './model.ts';
import { logql, logs, prom, stat, timeseries } from './panels.ts';

/** Where each component's pods run, so queries select the platform's own series. */
export type NamespaceOf = (component: ComponentName) => string;

const sel = (namespace: string, extra = ''): string => `namespace="${namespace}"${extra ? `, ${extra}` : ''}`;

/** Cluster-wide health of every platform namespace (kube-state-metrics and cAdvisor series). */
function platformOverview(prefix: string): Dashboard {
  const all = `namespace=~"${prefix}-.*"`;
  return {
    uid: 'dl-platform-overview',
    title: 'Datalyptica / Platform overview',
    description: 'Targets up, pod restarts, CPU and memory of every platform namespace.',
    tags: ['overview'],
    rows: [
      {
        title: 'Health',
        panels: [
          stat('Scrape targets down', 'short', prom(`count(up{${all}} == 0) or vector(0)`), { thresholds: [{ value: 1, color: 'red' }] }),
          stat('Pods not ready', 'short', prom(`sum(kube_pod_status_ready{${all}, condition="false"}) or vector(0)`), { thresholds: [{ value: 1, color: 'orange' }] }),
          stat('Container restarts (1h)', 'short', prom(`sum(increase(kube_pod_container_status_restarts_total{${all}}[1h]))`), { thresholds: [{ value: 3, color: 'orange' }] }),
          stat('PVCs over 80% full', 'short', prom(`count(kubelet_volume_stats_used_bytes{${all}} / kubelet_volume_stats_capacity_bytes{${all}} > 0.8) or vector(0)`), { thresholds: [{ value: 1, color: 'red' }] }),
        ],
      },
      {
        title: 'Resources',
        panels: [
          timeseries('CPU by namespace', 'short', [prom(`sum by (namespace) (rate(container_cpu_usage_seconds_total{${all}, container!=""}[5m]))`, '{{namespace}}')]),
          timeseries('Memory by namespace', 'bytes', [prom(`sum by (namespace) (container_memory_working_set_bytes{${all}, container!=""})`, '{{namespace}}')]),
          timeseries('Targets up by job', 'short', [prom(`sum by (job) (up{${all}})`, '{{job}}')], { width: 24 }),
        ],
      },
    ],
  };
}

/** CloudNativePG exporter series (`cnpg_*`). @see https://cloudnative-pg.io/documentation/current/monitoring/ */
function postgres(ns: NamespaceOf): Dashboard {
  const s = sel(ns('postgres'));
  return {
    uid: 'dl-postgresql',
    title: 'Datalyptica / PostgreSQL',
    description: 'Platform PostgreSQL: instances, replication lag, connections, database size, backups.',
    tags: ['postgresql'],
    rows: [
      {
        title: 'Cluster',
        panels: [
          stat('Instances up', 'short', prom(`sum(cnpg_collector_up{${s}})`)),
          stat('Max replication lag', 's', prom(`max(cnpg_pg_replication_lag{${s}})`), { thresholds: [{ value: 30, color: 'orange' }, { value: 300, color: 'red' }] }),
          stat('Last backup age', 's', prom(`time() - max(cnpg_collector_last_available_backup_timestamp{${s}})`), { thresholds: [{ value: 90000, color: 'red' }] }),
          stat('Backends', 'short', prom(`sum(cnpg_backends_total{${s}})`)),
        ],
      },
      {
        title: 'Activity',
        panels: [
          timeseries('Replication lag by pod', 's', [prom(`max by (pod) (cnpg_pg_replication_lag{${s}})`, '{{pod}}')]),
          timeseries('Database size', 'bytes', [prom(`max by (datname) (cnpg_pg_database_size_bytes{${s}})`, '{{datname}}')]),
          timeseries('Transactions committed', 'ops', [prom(`sum by (datname) (rate(cnpg_pg_stat_database_xact_commit{${s}}[5m]))`, '{{datname}}')]),
          timeseries('Backends by database', 'short', [prom(`sum by (datname) (cnpg_backends_total{${s}})`, '{{datname}}')]),
        ],
      },
    ],
  };
}

/** Strimzi's JMX exporter and Kafka Exporter series. @see https://strimzi.io/docs/operators/latest/deploying#assembly-metrics-str */
function kafka(ns: NamespaceOf): Dashboard {
  const s = sel(ns('kafka'));
  return {
    uid: 'dl-kafka',
    title: 'Datalyptica / Kafka',
    description: 'Brokers, partitions, throughput and consumer lag of the platform Kafka cluster.',
    tags: ['kafka', 'streaming'],
    rows: [
      {
        title: 'Partitions',
        panels: [
          stat('Under-replicated partitions', 'short', prom(`sum(kafka_server_replicamanager_underreplicatedpartitions{${s}})`), { thresholds: [{ value: 1, color: 'red' }] }),
          stat('Offline partitions', 'short', prom(`sum(kafka_controller_kafkacontroller_offlinepartitionscount{${s}})`), { thresholds: [{ value: 1, color: 'red' }] }),
          stat('Active controllers', 'short', prom(`sum(kafka_controller_kafkacontroller_activecontrollercount{${s}})`)),
          stat('Partitions', 'short', prom(`sum(kafka_server_replicamanager_partitioncount{${s}})`)),
        ],
      },
      {
        title: 'Throughput',
        panels: [
          timeseries('Bytes in by topic', 'Bps', [prom(`sum by (topic) (rate(kafka_server_brokertopicmetrics_bytesin_total{${s}, topic!=""}[5m]))`, '{{topic}}')]),
          timeseries('Bytes out by topic', 'Bps', [prom(`sum by (topic) (rate(kafka_server_brokertopicmetrics_bytesout_total{${s}, topic!=""}[5m]))`, '{{topic}}')]),
          timeseries('Consumer group lag', 'short', [prom(`sum by (consumergroup, topic) (kafka_consumergroup_lag{${s}})`, '{{consumergroup}} / {{topic}}')], { width: 24 }),
        ],
      },
    ],
  };
}

/**
 * Trino's native OpenMetrics endpoint: MBean attributes as `<domain>_<key>_<value>_<attribute>` with
 * the case kept (`trino.execution:name=QueryManager` `RunningQueries` →
 * `trino_execution_name_QueryManager_RunningQueries`; CounterStats as `_TotalCount`), the names the
 * alerts use (TRINO_METRICS).
 * @see https://trino.io/docs/current/admin/openmetrics.html
 */
function trino(ns: NamespaceOf): Dashboard {
  const s = sel(ns('trino'));
  return {
    uid: 'dl-trino',
    title: 'Datalyptica / Trino',
    description: 'Running, queued and failed queries, workers and cluster memory of Trino.',
    tags: ['trino', 'query'],
    rows: [
      {
        title: 'Queries',
        panels: [
          stat('Running queries', 'short', prom(`sum(trino_execution_name_QueryManager_RunningQueries{${s}})`)),
          stat('Queued queries', 'short', prom(`sum(trino_execution_name_QueryManager_QueuedQueries{${s}})`), { thresholds: [{ value: 10, color: 'orange' }] }),
          stat('Active workers', 'short', prom(`max(trino_failuredetector_name_HeartbeatFailureDetector_ActiveCount{${s}})`)),
          stat('Failed queries (1h)', 'short', prom(`sum(increase(trino_execution_name_QueryManager_FailedQueries_TotalCount{${s}}[1h]))`), { thresholds: [{ value: 1, color: 'orange' }] }),
        ],
      },
      {
        title: 'Load',
        panels: [
          timeseries('Queries started and failed', 'ops', [
            prom(`sum(rate(trino_execution_name_QueryManager_StartedQueries_TotalCount{${s}}[5m]))`, 'started'),
            prom(`sum(rate(trino_execution_name_QueryManager_FailedQueries_TotalCount{${s}}[5m]))`, 'failed'),
          ]),
          timeseries('Cluster memory: user reservation and total', 'bytes', [
            prom(`max(trino_memory_name_ClusterMemoryManager_ClusterUserMemoryReservation{${s}})`, 'reserved'),
            prom(`max(trino_memory_name_ClusterMemoryManager_ClusterMemoryBytes{${s}})`, 'total'),
          ]),
        ],
      },
    ],
  };
}

/** Spark driver pods (kube-state-metrics: the operator's own metrics are not scraped) and Flink metric reporter series. */
function jobs(ns: NamespaceOf): Dashboard {
  const spark = sel(ns('spark'));
  const flink = sel(ns('flink'));
  return {
    uid: 'dl-jobs',
    title: 'Datalyptica / Spark and Flink jobs',
    description: 'Spark applications by driver pod phase; Flink jobs, restarts and checkpoints.',
    tags: ['spark', 'flink', 'processing'],
    rows: [
      {
        title: 'Spark',
        panels: [
          // The operator names each driver pod `<application>-driver`.
          timeseries('Spark driver pods by phase', 'short', [prom(`sum by (phase) (kube_pod_status_phase{${spark}, pod=~".+-driver"} == 1)`, '{{phase}}')], { width: 24 }),
        ],
      },
      {
        title: 'Flink',
        panels: [
          stat('Running Flink jobs', 'short', prom(`sum(flink_jobmanager_numRunningJobs{${flink}})`)),
          stat('Flink job restarts (1h)', 'short', prom(`sum(increase(flink_jobmanager_job_numRestarts{${flink}}[1h]))`), { thresholds: [{ value: 1, color: 'orange' }] }),
          stat('Failed checkpoints (1h)', 'short', prom(`sum(increase(flink_jobmanager_job_numberOfFailedCheckpoints{${flink}}[1h]))`), { thresholds: [{ value: 1, color: 'orange' }] }),
          stat('Task slots available', 'short', prom(`sum(flink_jobmanager_taskSlotsAvailable{${flink}})`)),
          timeseries('Last checkpoint duration', 'ms', [prom(`max by (job_name) (flink_jobmanager_job_lastCheckpointDuration{${flink}})`, '{{job_name}}')], { width: 24 }),
        ],
      },
    ],
  };
}

/** MinIO cluster metrics (v2). @see https://min.io/docs/minio/kubernetes/upstream/operations/monitoring/collect-minio-metrics-using-prometheus.html */
function objectStorage(ns: NamespaceOf): Dashboard {
  const s = sel(ns('object-storage'));
  return {
    uid: 'dl-object-storage',
    title: 'Datalyptica / Object storage',
    description: 'Capacity, requests and errors of the platform S3 store (MinIO metrics; empty for ODF or an external store).',
    tags: ['s3', 'storage'],
    rows: [
      {
        title: 'Capacity',
        panels: [
          stat('Usable capacity', 'bytes', prom(`max(minio_cluster_capacity_usable_total_bytes{${s}})`)),
          stat('Free capacity', 'bytes', prom(`max(minio_cluster_capacity_usable_free_bytes{${s}})`)),
          stat('Nodes offline', 'short', prom(`max(minio_cluster_nodes_offline_total{${s}})`), { thresholds: [{ value: 1, color: 'red' }] }),
          stat('Drives offline', 'short', prom(`max(minio_cluster_drive_offline_total{${s}})`), { thresholds: [{ value: 1, color: 'red' }] }),
        ],
      },
      {
        title: 'Traffic',
        panels: [
          timeseries('S3 requests by API', 'reqps', [prom(`sum by (api) (rate(minio_s3_requests_total{${s}}[5m]))`, '{{api}}')]),
          timeseries('S3 errors by API', 'reqps', [prom(`sum by (api) (rate(minio_s3_requests_errors_total{${s}}[5m]))`, '{{api}}')]),
        ],
      },
    ],
  };
}

/** Nessie's Quarkus Micrometer series on its management port. */
function catalog(ns: NamespaceOf): Dashboard {
  const s = sel(ns('nessie'), 'job=~".*nessie.*"');
  return {
    uid: 'dl-catalog',
    title: 'Datalyptica / Nessie catalog',
    description: 'Request rate, errors, latency and JVM memory of the Nessie Iceberg catalog.',
    tags: ['nessie', 'catalog'],
    rows: [
      {
        title: 'API',
        panels: [
          timeseries('Requests by status', 'reqps', [prom(`sum by (status) (rate(http_server_requests_seconds_count{${s}}[5m]))`, '{{status}}')]),
          timeseries('Server errors', 'reqps', [prom(`sum(rate(http_server_requests_seconds_count{${s}, status=~"5.."}[5m]))`, '5xx')]),
          timeseries('Mean request latency', 's', [prom(`sum(rate(http_server_requests_seconds_sum{${s}}[5m])) / sum(rate(http_server_requests_seconds_count{${s}}[5m]))`, 'mean')]),
          timeseries('JVM heap used by pod', 'bytes', [prom(`sum by (pod) (jvm_memory_used_bytes{${s}, area="heap"})`, '{{pod}}')]),
        ],
      },
    ],
  };
}

/**
 * Airflow's StatsD metrics through the statsd exporter (`airflow.<name>` → `airflow_<name>`, dots to
 * underscores), JupyterHub's own /hub/metrics, ClickHouse's built-in Prometheus endpoint and the
 * Redis exporter.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/logging-monitoring/metrics.html
 * @see https://jupyterhub.readthedocs.io/en/stable/reference/metrics.html
 */
function analytics(ns: NamespaceOf): Dashboard {
  const ch = sel(ns('clickhouse'));
  const redis = sel(ns('redis'));
  const airflow = sel(ns('airflow'));
  const hub = sel(ns('jupyterhub'));
  return {
    uid: 'dl-analytics',
    title: 'Datalyptica / Analytics apps',
    description: 'Airflow tasks and DAG import errors, JupyterHub servers and users, ClickHouse queries, Redis memory and clients.',
    tags: ['airflow', 'jupyterhub', 'clickhouse', 'redis', 'analytics'],
    rows: [
      {
        title: 'Airflow and JupyterHub',
        panels: [
          timeseries('Airflow tasks running and queued', 'short', [
            prom(`sum(airflow_executor_running_tasks{${airflow}})`, 'running'),
            prom(`sum(airflow_executor_queued_tasks{${airflow}})`, 'queued'),
          ]),
          stat('Airflow DAG import errors', 'short', prom(`max(airflow_dag_processing_import_errors{${airflow}})`), { thresholds: [{ value: 1, color: 'red' }] }),
          stat('JupyterHub running servers', 'short', prom(`sum(jupyterhub_running_servers{${hub}})`)),
        ],
      },
      {
        title: 'ClickHouse',
        panels: [
          timeseries('Running queries', 'short', [prom(`sum by (pod) (ClickHouseMetrics_Query{${ch}})`, '{{pod}}')]),
          timeseries('Failed queries', 'ops', [prom(`sum(rate(ClickHouseProfileEvents_FailedQuery{${ch}}[5m]))`, 'failed')]),
        ],
      },
      {
        title: 'Redis',
        panels: [
          timeseries('Memory used', 'bytes', [prom(`sum by (pod) (redis_memory_used_bytes{${redis}})`, '{{pod}}')]),
          timeseries('Connected clients', 'short', [prom(`sum by (pod) (redis_connected_clients{${redis}})`, '{{pod}}')]),
        ],
      },
    ],
  };
}

/** Log volume and recent errors from Loki (LogQL), for every platform namespace. */
function logsDashboard(prefix: string, namespaceLabel: string): Dashboard {
  const all = `${namespaceLabel}=~"${prefix}-.*"`;
  return {
    uid: 'dl-logs',
    title: 'Datalyptica / Logs',
    description: 'Log volume by namespace, error lines and the latest error logs of the platform.',
    tags: ['logs', 'loki'],
    from: 'now-1h',
    rows: [
      {
        title: 'Volume',
        panels: [
          timeseries('Log lines by namespace', 'short', [logql(`sum by (${namespaceLabel}) (count_over_time({${all}}[5m]))`, `{{${namespaceLabel}}}`)]),
          timeseries('Error lines by namespace', 'short', [logql(`sum by (${namespaceLabel}) (count_over_time({${all}} |~ "(?i)(error|exception|fatal)" [5m]))`, `{{${namespaceLabel}}}`)]),
        ],
      },
      { title: 'Recent errors', panels: [logs('Error lines', logql(`{${all}} |~ "(?i)(error|exception|fatal)"`))] },
    ],
  };
}

/**
 * The stream label that holds the namespace: Alloy's `namespace` on Kubernetes; OpenShift Logging's
 * Vector writes `kubernetes.namespace_name`, which Loki labels `kubernetes_namespace_name`.
 * @see https://github.com/openshift/cluster-logging-operator/blob/master/internal/generator/vector/output/loki/loki.go
 */
export function logNamespaceLabel(openshift: boolean): string {
  return openshift ? 'kubernetes_namespace_name' : 'namespace';
}

/** The nine dashboards of the seeds, one per area, for the platform's namespaces. */
export function platformDashboards(ns: NamespaceOf, prefix: string, options: { openshift: boolean } = { openshift: false }): readonly Dashboard[] {
  return [platformOverview(prefix), postgres(ns), kafka(ns), trino(ns), jobs(ns), objectStorage(ns), catalog(ns), analytics(ns), logsDashboard(prefix, logNamespaceLabel(options.openshift))];
}
