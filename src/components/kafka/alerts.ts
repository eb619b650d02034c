import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * Kafka down, under-replicated, under-min-ISR and offline partitions, the KRaft active controller,
 * and its pods and volumes, over the names `KAFKA_METRICS` lists.
 * @see https://kafka.apache.org/documentation/#monitoring
 */
export function kafkaAlerts(endpoint: MetricsEndpoint, cluster: string): AlertRule[] {
  const job = `namespace="${endpoint.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'KafkaDown', title: 'Kafka', endpoint }),
    {
      alert: 'KafkaUnderReplicatedPartitions',
      expr: `sum(kafka_server_replicamanager_underreplicatedpartitions{${job}}) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'Kafka has under-replicated partitions',
      description: '{{ $value }} partition(s) have fewer in-sync replicas than replicas for 10 minutes: a broker is down, slow or out of disk.',
      runbook: 'under-replicated-partitions',
    },
    {
      alert: 'KafkaUnderMinIsrPartitions',
      expr: `sum(kafka_cluster_partition_underminisr{${job}}) > 0`,
      for: '5m',
      severity: 'critical',
      summary: 'Kafka partitions are below min.insync.replicas',
      description: '{{ $value }} partition(s) have fewer in-sync replicas than min.insync.replicas: producers with acks=all are refused.',
      runbook: 'under-min-isr-partitions',
    },
    {
      alert: 'KafkaOfflinePartitions',
      expr: `sum(kafka_controller_kafkacontroller_offlinepartitionscount{${job}}) > 0`,
      for: '1m',
      severity: 'critical',
      summary: 'Kafka has offline partitions',
      description: '{{ $value }} partition(s) have no leader: they can be neither written nor read.',
      runbook: 'offline-partitions',
    },
    {
      alert: 'KafkaNoActiveController',
      expr: `sum(kafka_controller_kafkacontroller_activecontrollercount{${job}}) != 1`,
      for: '5m',
      severity: 'critical',
      summary: 'Kafka has no single active controller',
      description: 'The KRaft quorum reports {{ $value }} active controllers for 5 minutes (exactly one is healthy).',
      runbook: 'no-active-controller',
    },
    ...workloadAlerts({ prefix: 'Kafka', title: 'Kafka', namespace: endpoint.namespace, pods: `${cluster}-.*`, volumes: `data-.*${cluster}-.*` }),
  ];
}

/**
 * Kafka Connect down and failed connectors or tasks (the exporter turns the `status` attribute into
 * a label with value 1).
 * @see https://kafka.apache.org/documentation/#connect_monitoring
 */
export function connectAlerts(endpoint: MetricsEndpoint, cluster: string): AlertRule[] {
  const job = `namespace="${endpoint.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'KafkaConnectDown', title: 'Kafka Connect', endpoint }),
    {
      alert: 'KafkaConnectTaskFailed',
      expr: `max by (connector, task) (kafka_connect_connector_task_status{${job},status="failed"}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'A Kafka Connect task has failed',
      description: 'Task {{ $labels.task }} of connector {{ $labels.connector }} has been FAILED for 5 minutes; it does not restart by itself.',
      runbook: 'task-failed',
    },
    {
      alert: 'KafkaConnectConnectorFailed',
      expr: `max by (connector) (kafka_connect_connector_status{${job},status="failed"}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'A Kafka Connect connector has failed',
      description: 'Connector {{ $labels.connector }} has been FAILED for 5 minutes.',
      runbook: 'connector-failed',
    },
    ...workloadAlerts({ prefix: 'KafkaConnect', title: 'Kafka Connect', namespace: endpoint.namespace, pods: `${cluster}-connect-.*` }),
  ];
}
