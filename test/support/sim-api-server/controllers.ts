import type { Obj, SimApiServer } from './server.ts';

/** How the simulated operators behave. */
export interface SimControllerOptions {
  /** Delay before an object turns ready. @default 5 ms */
  readonly delayMs?: (object: Obj) => number;
  /** Objects that never turn ready (`Kind/name`). */
  readonly hold?: ReadonlySet<string>;
  /** Objects that turn failed instead (`Kind/name`). */
  readonly fail?: ReadonlySet<string>;
  /** OLM: the CRDs (CustomResourceDefinition objects) each Subscription's CSV installs, by package name. */
  readonly olmCrds?: ReadonlyMap<string, readonly Obj[]>;
  /** Called when a controller reconciles an object (ordering assertions). */
  readonly onReady?: (object: Obj) => void;
}

const cond = (type: string, statusValue = 'True', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type, status: statusValue, reason: type, message: `${type} is ${statusValue}`, lastTransitionTime: '2026-11-23T00:00:00Z', ...extra });

/** The status a healthy controller writes for an object, or undefined for kinds with no status. */
export function readyStatus(object: Obj): Record<string, unknown> | undefined {
  const spec = (object['spec'] ?? {}) as Record<string, unknown>;
  const gen = object.metadata.generation ?? 1;
  const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
  switch (`${group}/${object.kind}`) {
    case 'apps/Deployment':
      return { observedGeneration: gen, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, conditions: [cond('Available')] };
    case 'apps/StatefulSet':
      return { observedGeneration: gen, replicas, updatedReplicas: replicas, readyReplicas: replicas, currentRevision: 'r1', updateRevision: 'r1' };
    case 'apps/DaemonSet':
      return { observedGeneration: gen, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 3 };
    case 'batch/Job':
      return { succeeded: 1, conditions: [cond('Complete')] };
    case '/PersistentVolumeClaim':
      return { phase: 'Bound' };
    case '/Namespace':
      return { phase: 'Active' };
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return { conditions: [cond('NamesAccepted'), cond('Established')] };
    case 'postgresql.cnpg.io/Cluster':
      return { phase: 'Cluster in healthy state', instances: spec['instances'] ?? 1, readyInstances: spec['instances'] ?? 1 };
    case 'postgresql.cnpg.io/Pooler':
      return { instances: spec['instances'] ?? 1 };
    case 'postgres-operator.crunchydata.com/PostgresCluster': {
      const sets = (spec['instances'] as { name?: string; replicas?: number }[] | undefined) ?? [];
      return { observedGeneration: gen, instances: sets.map((s) => ({ name: s.name ?? '00', replicas: s.replicas ?? 1, readyReplicas: s.replicas ?? 1 })) };
    }
    case 'minio.min.io/Tenant':
      return { currentState: 'Initialized', healthStatus: 'green' };
    case 'objectbucket.io/ObjectBucketClaim':
      return { phase: 'Bound' };
    case 'flink.apache.org/FlinkDeployment':
      return { lifecycleState: 'STABLE', jobManagerDeploymentStatus: 'READY' };
    case 'clickhouse.altinity.com/ClickHouseInstallation':
    case 'clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation':
      return { status: 'Completed' };
    case 'route.openshift.io/Route':
      return { ingress: [{ host: spec['host'] ?? `${object.metadata.name}.apps.example.com`, routerName: 'default', conditions: [cond('Admitted')] }] };
    case 'redis.redis.opstreelabs.in/RedisCluster':
      return { state: 'Ready' };
    case 'operators.coreos.com/ClusterServiceVersion':
      return { phase: 'Succeeded' };
    default:
      if (/^(kafka\.strimzi\.io|k8s\.keycloak\.org|cert-manager\.io)\//.test(`${group}/`)) return { observedGeneration: gen, conditions: [cond('Ready')] };
      return undefined;
  }
}

function failedStatus(object: Obj): Record<string, unknown> {
  switch (object.kind) {
    case 'Deployment':
      return { observedGeneration: object.metadata.generation, replicas: 1, updatedReplicas: 1, availableReplicas: 0, conditions: [cond('Progressing', 'False', { reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet has timed out progressing' })] };
    case 'Job':
      return { conditions: [cond('Failed', 'True', { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' })] };
    default:
      return { observedGeneration: object.metadata.generation, conditions: [cond('Ready', 'False', { reason: 'InvalidResourceException', message: 'simulated invalid spec' })] };
  }
}

/**
 * Simulated operators: after a delay they write the status each readiness rule reads. OLM
 * Subscriptions get a CSV (phase Succeeded) and install their CRDs; RedisReplication gets a
 * StatefulSet; KafkaUser and ObjectBucketClaim get their Secret.
 */
export function attachControllers(server: SimApiServer, options: SimControllerOptions = {}): void {
  const reconciled = new Map<string, number>();
  const later = (object: Obj, fn: () => void): void => {
    setTimeout(fn, options.delayMs?.(object) ?? 5);
  };
  server.onChange((event) => {
    if (event.type === 'DELETED') return;
    const o = event.object;
    const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const gen = o.metadata.generation ?? 1;
    if (reconciled.get(id) === gen || o.metadata.deletionTimestamp) return;
    reconciled.set(id, gen);
    const tag = `${o.kind}/${o.metadata.name}`;
    if (options.hold?.has(tag)) return;
    later(o, () => {
      const live = server.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
      if (!live || (live.metadata.generation ?? 1) !== gen) return;
      if (options.fail?.has(tag)) return server.setStatus(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace, failedStatus(live));
      if (o.kind === 'Subscription') {
        const spec = o['spec'] as { name: string };
        const csvName = `${spec.name}.v1.0.0`;
        for (const crd of options.olmCrds?.get(spec.name) ?? []) server.put(crd);
        server.put({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', metadata: { name: csvName, namespace: o.metadata.namespace! } });
        server.setStatus(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace, { installedCSV: csvName, currentCSV: csvName, state: 'AtLatestKnown' });
      } else if (o.kind === 'RedisReplication' || o.kind === 'RedisSentinel') {
        server.put({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: o.metadata.name, namespace: o.metadata.namespace!, ownerReferences: [{ uid: live.metadata.uid!, kind: o.kind, name: o.metadata.name }] }, spec: { replicas: 3 } });
      } else if (o.kind === 'Kafka') {
        server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${o.metadata.name}-cluster-ca-cert`, namespace: o.metadata.namespace!, ownerReferences: [{ uid: live.metadata.uid!, kind: o.kind, name: o.metadata.name }] }, data: { 'ca.crt': 'c2ltdWxhdGVk' } });
      } else if (o.kind === 'KafkaUser' || o.kind === 'ObjectBucketClaim') {
        server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: o.metadata.name, namespace: o.metadata.namespace!, ownerReferences: [{ uid: live.metadata.uid!, kind: o.kind, name: o.metadata.name }] }, data: { 'user.password': 'c2ltdWxhdGVk' } });
      }
      const status = readyStatus(live);
      if (status !== undefined && o.kind !== 'Subscription') server.setStatus(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace, status);
      options.onReady?.(live);
    });
  });
}
