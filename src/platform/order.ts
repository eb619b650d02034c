import type { KubeObject } from '../model/kube.ts';

/**
 * Kinds in the order an apply should see them: definitions and namespaces first, then what
 * workloads read (RBAC, config, secrets), then workloads, then what points at workloads.
 * Used for deterministic output and as the intra-component apply order.
 */
export const KIND_ORDER = [
  'CustomResourceDefinition',
  'Namespace',
  'StorageClass',
  'OperatorGroup',
  'Subscription',
  'ResourceQuota',
  'LimitRange',
  'NetworkPolicy',
  'SecurityContextConstraints',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ClusterIssuer',
  'Issuer',
  'Certificate',
  'SealedSecret',
  'ExternalSecret',
  'PushSecret',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'ObjectBucketClaim',
  'Service',
  'Tenant',
  'Cluster',
  'PostgresCluster',
  'Pooler',
  'Database',
  'ScheduledBackup',
  'KafkaNodePool',
  'Kafka',
  'KafkaTopic',
  'KafkaUser',
  'KafkaConnect',
  'KafkaConnector',
  'StatefulSet',
  'Deployment',
  'DaemonSet',
  'Job',
  'CronJob',
  'ClickHouseKeeperInstallation',
  'ClickHouseInstallation',
  'FlinkDeployment',
  'FlinkSessionJob',
  'SparkApplication',
  'ScheduledSparkApplication',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'Route',
  'Ingress',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
] as const;

const RANK = new Map<string, number>(KIND_ORDER.map((kind, index) => [kind, index]));

export function kindRank(kind: string): number {
  return RANK.get(kind) ?? KIND_ORDER.length;
}

/** Total order on objects: kind rank, kind, namespace, name, apiVersion. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    a.kind.localeCompare(b.kind) ||
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name) ||
    a.apiVersion.localeCompare(b.apiVersion)
  );
}
