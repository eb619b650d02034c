import type { BuildContext } from '../../model/build-context.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import { STRIMZI_LABEL } from './strimzi.ts';
import { strimziContainerSecurityContext, strimziPodLabels, strimziPodSecurityContext } from './template.ts';
import { strimziMetrics } from './metrics.ts';

/** The exporter is small and single: its series count grows with groups × partitions, not with traffic. */
export const KAFKA_EXPORTER_RESOURCES: ResourceSpec = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

/**
 * Consumer group offsets and lag come from Strimzi's Kafka Exporter (the brokers' JMX has no
 * per-group lag). It reads every group and topic over the replication listener.
 * @see https://strimzi.io/docs/operators/latest/deploying#con-metrics-kafka-exporter-lag-str
 * @see https://github.com/danielqsj/kafka_exporter#metrics
 */
export const KAFKA_EXPORTER_METRICS: readonly string[] = [
  'kafka_consumergroup_lag',
  'kafka_consumergroup_lag_sum',
  'kafka_consumergroup_current_offset',
  'kafka_consumergroup_members',
  'kafka_topic_partition_current_offset',
  'kafka_topic_partitions',
  'kafka_brokers',
];

/** `spec.kafkaExporter` of the Kafka CR, restricted like the other Strimzi operands. */
export function kafkaExporterSpec(ctx: BuildContext): Record<string, unknown> {
  return {
    topicRegex: '.*',
    groupRegex: '.*',
    resources: { requests: { ...KAFKA_EXPORTER_RESOURCES.requests }, limits: { ...KAFKA_EXPORTER_RESOURCES.limits } },
    template: {
      pod: { metadata: { labels: strimziPodLabels(ctx, 'kafka-exporter') }, securityContext: strimziPodSecurityContext(ctx) },
      container: { securityContext: strimziContainerSecurityContext(ctx) },
    },
  };
}

export function kafkaExporterMetrics(ctx: BuildContext, cluster: string): MetricsEndpoint {
  return strimziMetrics({ name: `${cluster}-kafka-exporter`, namespace: ctx.namespace, selector: { [STRIMZI_LABEL.name]: `${cluster}-kafka-exporter` }, metrics: KAFKA_EXPORTER_METRICS });
}

/** Consumer lag: a group that falls behind and stays behind. */
export function consumerLagAlert(endpoint: MetricsEndpoint): AlertRule {
  return {
    alert: 'KafkaConsumerGroupLagHigh',
    expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{namespace="${endpoint.namespace}",job="${endpoint.name}"}) > 10000`,
    for: '15m',
    severity: 'warning',
    summary: 'A Kafka consumer group lags behind',
    description: 'Consumer group {{ $labels.consumergroup }} is {{ $value }} messages behind on topic {{ $labels.topic }} for 15 minutes.',
    runbook: 'consumer-lag',
  };
}
