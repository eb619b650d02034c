import { stringify } from 'yaml';
import type { KubeObject, Labels } from '../../model/kube.ts';
import type { MetricsEndpoint } from '../../model/metrics.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { configMap } from '../../platform/workload.ts';
import { KAFKA_PORT } from './strimzi.ts';

/** The key the metrics ConfigMaps hold (the name the Strimzi examples use). */
export const METRICS_CONFIG_KEY = 'kafka-metrics-config.yml';

interface ExporterRule {
  readonly pattern: string;
  readonly name: string;
  readonly type?: 'GAUGE' | 'COUNTER';
  readonly labels?: Record<string, string>;
}

/**
 * JMX Prometheus exporter rules for brokers and KRaft controllers: request and byte rates,
 * replication health, controller state, Raft quorum, log sizes. Anything unmatched is dropped,
 * which keeps the series count per broker bounded.
 * @see https://github.com/prometheus/jmx_exporter#configuration
 * @see https://kafka.apache.org/documentation/#monitoring
 */
const KAFKA_RULES: readonly ExporterRule[] = [
  { pattern: 'kafka.server<type=BrokerTopicMetrics, name=(.+)PerSec, topic=(.+)><>Count', name: 'kafka_server_brokertopicmetrics_$1_total', type: 'COUNTER', labels: { topic: '$2' } },
  { pattern: 'kafka.server<type=BrokerTopicMetrics, name=(.+)PerSec><>Count', name: 'kafka_server_brokertopicmetrics_$1_total', type: 'COUNTER' },
  { pattern: 'kafka.server<type=ReplicaManager, name=(.+)><>Value', name: 'kafka_server_replicamanager_$1', type: 'GAUGE' },
  { pattern: 'kafka.server<type=ReplicaFetcherManager, name=MaxLag, clientId=(.+)><>Value', name: 'kafka_server_replicafetchermanager_maxlag', type: 'GAUGE', labels: { clientId: '$1' } },
  { pattern: 'kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate', name: 'kafka_server_request_handler_avg_idle_percent', type: 'GAUGE' },
  { pattern: 'kafka.server<type=raft-metrics><>([a-z-]+)', name: 'kafka_server_raftmetrics_$1', type: 'GAUGE' },
  { pattern: 'kafka.server<type=broker-metadata-metrics><>([a-z-]+)', name: 'kafka_server_brokermetadatametrics_$1', type: 'GAUGE' },
  { pattern: 'kafka.controller<type=KafkaController, name=(.+)><>Value', name: 'kafka_controller_kafkacontroller_$1', type: 'GAUGE' },
  { pattern: 'kafka.controller<type=ControllerEventManager, name=(.+)><>(Count|Value)', name: 'kafka_controller_controllereventmanager_$1', type: 'GAUGE' },
  { pattern: 'kafka.network<type=RequestMetrics, name=RequestsPerSec, request=(.+), version=(.+)><>Count', name: 'kafka_network_requestmetrics_requests_total', type: 'COUNTER', labels: { request: '$1', version: '$2' } },
  { pattern: 'kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(Produce|FetchConsumer|FetchFollower)><>(\\d+)thPercentile', name: 'kafka_network_requestmetrics_totaltimems', type: 'GAUGE', labels: { request: '$1', quantile: '0.$2' } },
  { pattern: 'kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value', name: 'kafka_network_socketserver_networkprocessoravgidlepercent', type: 'GAUGE' },
  { pattern: 'kafka.cluster<type=Partition, name=(UnderReplicated|UnderMinIsr|AtMinIsr), topic=(.+), partition=(.+)><>Value', name: 'kafka_cluster_partition_$1', type: 'GAUGE', labels: { topic: '$2', partition: '$3' } },
  { pattern: 'kafka.log<type=Log, name=Size, topic=(.+), partition=(.+)><>Value', name: 'kafka_log_log_size', type: 'GAUGE', labels: { topic: '$1', partition: '$2' } },
  { pattern: 'kafka.log<type=LogFlushStats, name=LogFlushRateAndTimeMs><>Count', name: 'kafka_log_logflushstats_logflushrateandtimems_total', type: 'COUNTER' },
];

/**
 * Rules for Kafka Connect workers: worker, connector and task state, source/sink throughput.
 * @see https://kafka.apache.org/documentation/#connect_monitoring
 */
const CONNECT_RULES: readonly ExporterRule[] = [
  { pattern: 'kafka.connect<type=connect-worker-metrics><>([a-z-]+)', name: 'kafka_connect_worker_$1', type: 'GAUGE' },
  { pattern: 'kafka.connect<type=connect-worker-metrics, connector=(.+)><>([a-z-]+)', name: 'kafka_connect_worker_connector_$2', type: 'GAUGE', labels: { connector: '$1' } },
  { pattern: 'kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+)', name: 'kafka_connect_worker_rebalance_$1', type: 'GAUGE' },
  { pattern: 'kafka.connect<type=connector-metrics, connector=(.+)><>status: ([a-z-]+)', name: 'kafka_connect_connector_status', type: 'GAUGE', labels: { connector: '$1', status: '$2' } },
  { pattern: 'kafka.connect<type=connector-task-metrics, connector=(.+), task=(.+)><>status: ([a-z-]+)', name: 'kafka_connect_connector_task_status', type: 'GAUGE', labels: { connector: '$1', task: '$2', status: '$3' } },
  { pattern: 'kafka.connect<type=(source|sink)-task-metrics, connector=(.+), task=(.+)><>([a-z-]+)', name: 'kafka_connect_$1_task_$4', type: 'GAUGE', labels: { connector: '$2', task: '$3' } },
  { pattern: 'kafka.connect<type=task-error-metrics, connector=(.+), task=(.+)><>([a-z-]+)', name: 'kafka_connect_task_error_$3', type: 'GAUGE', labels: { connector: '$1', task: '$2' } },
  { pattern: 'debezium.([^:]+)<type=connector-metrics, context=([^,]+), server=([^>]+)><>([A-Za-z]+)', name: 'debezium_metrics_$4', type: 'GAUGE', labels: { plugin: '$1', context: '$2', server: '$3' } },
];

function exporterConfig(rules: readonly ExporterRule[]): string {
  return stringify({ lowercaseOutputName: true, rules: rules.map((r) => ({ ...r, labels: r.labels === undefined ? undefined : { ...r.labels } })) }, { lineWidth: 0 });
}

/** The exporter ConfigMap a Strimzi `metricsConfig` points at. */
export function metricsConfigMap(ctx: BuildContext, input: { name: string; kind: 'kafka' | 'connect'; role?: string }): KubeObject {
  return configMap(ctx, input.name, { [METRICS_CONFIG_KEY]: exporterConfig(input.kind === 'kafka' ? KAFKA_RULES : CONNECT_RULES) }, input.role);
}

/** `spec.…metricsConfig` for that ConfigMap. @see https://strimzi.io/docs/operators/latest/deploying#assembly-metrics-setup-str */
export function metricsConfig(configMapName: string): Record<string, unknown> {
  return { type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: configMapName, key: METRICS_CONFIG_KEY } } };
}

/** Strimzi pod labels copied onto every series, so dashboards can split by cluster, kind and pool. */
const STRIMZI_TARGET_LABELS = ['strimzi.io/cluster', 'strimzi.io/kind', 'strimzi.io/name', 'strimzi.io/pool-name'];

/**
 * What the JMX exporter serves with the rules above (`lowercaseOutputName`), plus the agent's own
 * JVM and scrape series.
 * @see https://github.com/prometheus/jmx_exporter#configuration
 */
export const KAFKA_METRICS: readonly string[] = [
  'kafka_server_replicamanager_underreplicatedpartitions',
  'kafka_server_replicamanager_*',
  'kafka_controller_kafkacontroller_offlinepartitionscount',
  'kafka_controller_kafkacontroller_activecontrollercount',
  'kafka_controller_kafkacontroller_*',
  'kafka_cluster_partition_underminisr',
  'kafka_cluster_partition_*',
  'kafka_server_brokertopicmetrics_*',
  'kafka_server_replicafetchermanager_maxlag',
  'kafka_server_request_handler_avg_idle_percent',
  'kafka_server_raftmetrics_*',
  'kafka_server_brokermetadatametrics_*',
  'kafka_controller_controllereventmanager_*',
  'kafka_network_*',
  'kafka_log_*',
  'jvm_*',
  'jmx_*',
];

/** Kafka Connect worker, connector and task series (the Connect rules above). */
export const CONNECT_METRICS: readonly string[] = [
  'kafka_connect_worker_*',
  'kafka_connect_connector_status',
  'kafka_connect_connector_task_status',
  'kafka_connect_source_task_*',
  'kafka_connect_sink_task_*',
  'kafka_connect_task_error_*',
  'debezium_metrics_*',
  'jvm_*',
  'jmx_*',
];

/**
 * A PodMonitor on Strimzi's `tcp-prometheus` container port: Strimzi removed the metrics port
 * from its Services, so a ServiceMonitor would scrape nothing.
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/packaging/examples/metrics/prometheus-install/pod-monitors/kafka-resources-metrics.yaml
 */
export function strimziMetrics(input: { name: string; namespace: string; selector: Labels; metrics: readonly string[] }): MetricsEndpoint {
  return {
    name: input.name,
    namespace: input.namespace,
    via: 'pod',
    selector: input.selector,
    port: 'tcp-prometheus',
    targetPort: KAFKA_PORT.metrics,
    metrics: input.metrics,
    targetLabels: STRIMZI_TARGET_LABELS,
  };
}

export const METRICS_PORT = KAFKA_PORT.metrics;
