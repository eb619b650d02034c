import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import type { Labels } from '../../model/kube.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/**
 * The redis_exporter sidecar the operator adds to every server pod (`spec.redisExporter`), on the
 * container port it names `redis-exporter`.
 * @see https://github.com/oliver006/redis_exporter#whats-exported
 * @see https://redis-operator.opstree.dev/docs/monitoring/
 */
export const REDIS_METRICS: readonly string[] = [
  'redis_up',
  'redis_connected_clients',
  'redis_connected_slaves',
  'redis_master_link_up',
  'redis_memory_used_bytes',
  'redis_memory_max_bytes',
  'redis_rejected_connections_total',
  'redis_instance_info',
  'redis_*',
];

export function redisMetrics(input: { name: string; namespace: string; pods: Labels; podSelector: Labels; port: number }): MetricsEndpoint {
  return {
    name: 'redis',
    namespace: input.namespace,
    via: 'pod',
    selector: input.pods,
    podSelector: input.podSelector,
    port: 'redis-exporter',
    targetPort: input.port,
    metrics: REDIS_METRICS,
  };
}

/** Redis down (exporter or server), memory, replication, and its pods. */
export function redisAlerts(endpoint: MetricsEndpoint, name: string): AlertRule[] {
  const job = `namespace="${endpoint.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'RedisDown', title: 'Redis', endpoint }),
    {
      alert: 'RedisServerDown',
      expr: `redis_up{${job}} == 0`,
      for: '5m',
      severity: 'critical',
      summary: 'A Redis server does not answer its exporter',
      description: 'The exporter in pod {{ $labels.pod }} has not reached its Redis server for 5 minutes.',
      runbook: 'down',
    },
    {
      alert: 'RedisMemoryAlmostFull',
      expr: `redis_memory_used_bytes{${job}} / redis_memory_max_bytes{${job}} > 0.90 and redis_memory_max_bytes{${job}} > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'Redis memory is almost full',
      description: 'Redis in pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its maxmemory: keys are evicted or writes refused.',
      runbook: 'memory-almost-full',
    },
    {
      alert: 'RedisReplicaLinkDown',
      expr: `redis_master_link_up{${job}} == 0`,
      for: '5m',
      severity: 'warning',
      summary: 'A Redis replica lost its master',
      description: 'The replica in pod {{ $labels.pod }} has had no link to its master for 5 minutes.',
      runbook: 'replica-link-down',
    },
    ...workloadAlerts({ prefix: 'Redis', title: 'Redis', namespace: endpoint.namespace, pods: `${name}-.*`, volumes: `.*${name}-.*` }),
  ];
}
