import type { Meta, Obj, SimApiServer } from './server.ts';

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
    case 'kafka.strimzi.io/KafkaNodePool':
      // Strimzi writes no Ready condition on node pools: node IDs, replicas and warnings only.
      return { observedGeneration: gen, replicas, nodeIds: Array.from({ length: replicas }, (_, i) => i), roles: spec['roles'] ?? [] };
    case 'postgresql.cnpg.io/Database':
      return { observedGeneration: gen, applied: true };
    case 'postgresql.cnpg.io/ScheduledBackup':
      return { lastCheckTime: '2026-11-23T00:00:00Z', nextScheduleTime: '2026-11-24T00:00:00Z' };
    case 'sparkoperator.k8s.io/SparkApplication':
      return { applicationState: { state: 'RUNNING' }, driverInfo: { podName: `${object.metadata.name}-driver` } };
    case 'sparkoperator.k8s.io/ScheduledSparkApplication':
      return { scheduleState: 'Scheduled', nextRun: '2026-11-24T00:00:00Z' };
    case 'policy/PodDisruptionBudget':
      return { observedGeneration: gen, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, conditions: [cond('DisruptionAllowed', 'True', { reason: 'SufficientPods' })] };
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
    case 'k8s.keycloak.org/KeycloakRealmImport':
      // The Keycloak operator writes Started/Done/HasErrors on a realm import, never Ready.
      return { conditions: [cond('Done'), cond('Started', 'False'), cond('HasErrors', 'False')] };
    case 'clickhouse.altinity.com/ClickHouseInstallation':
    case 'clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation':
      return { status: 'Completed' };
    case 'route.openshift.io/Route':
      return { ingress: [{ host: spec['host'] ?? `${object.metadata.name}.apps.example.com`, routerName: 'default', conditions: [cond('Admitted')] }] };
    case 'redis.redis.opstreelabs.in/RedisCluster':
      return { state: 'Ready' };
    case 'operators.coreos.com/ClusterServiceVersion':
      return { phase: 'Succeeded' };
    case 'monitoring.coreos.com/Prometheus':
    case 'monitoring.coreos.com/Alertmanager':
      return { replicas, availableReplicas: replicas, conditions: [cond('Available'), cond('Reconciled')] };
    case 'grafana.integreatly.org/Grafana':
      return { stage: 'complete', stageStatus: 'success', version: '12.4.1' };
    case 'grafana.integreatly.org/GrafanaDashboard':
    case 'grafana.integreatly.org/GrafanaDatasource':
    case 'grafana.integreatly.org/GrafanaFolder':
      return { conditions: [cond(`${object.kind.replace('Grafana', '')}Synchronized`)] };
    default:
      if (/^(kafka\.strimzi\.io|k8s\.keycloak\.org|cert-manager\.io|loki\.grafana\.com|observability\.openshift\.io)\//.test(`${group}/`)) return { observedGeneration: gen, conditions: [cond('Ready')] };
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
        for (const operand of olmOperands(spec.name)) if (!server.get(operand.apiVersion, operand.kind, operand.metadata.name, operand.metadata.namespace)) server.put(operand);
      }
      for (const secret of operatorSecrets(live)) server.put(secret);
      for (const made of workloadObjects(live)) server.put(made);
      const status = readyStatus(live);
      if (status !== undefined && o.kind !== 'Subscription') server.setStatus(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace, status);
      options.onReady?.(live);
    });
  });
}

const SIMULATED = Buffer.from('simulated').toString('base64');

function ownedBy(object: Obj): Meta['ownerReferences'] {
  return [{ uid: object.metadata.uid!, kind: object.kind, name: object.metadata.name }];
}

function secret(owner: Obj, name: string, keys: readonly string[], type = 'Opaque'): Obj {
  return { apiVersion: 'v1', kind: 'Secret', type, metadata: { name, namespace: owner.metadata.namespace!, ownerReferences: ownedBy(owner) }, data: Object.fromEntries(keys.map((k) => [k, SIMULATED])) };
}

/**
 * The Secrets real operators create next to their resources, with the keys they really hold
 * (so `copy` Secrets can be mirrored and probes can read them): Strimzi's cluster and clients CA
 * and user certificates, CloudNativePG's app/superuser credentials, cert-manager's TLS pair, an
 * ObjectBucketClaim's keys.
 */
export function operatorSecrets(object: Obj): Obj[] {
  const name = object.metadata.name;
  const spec = (object['spec'] ?? {}) as Record<string, unknown>;
  switch (object.kind) {
    case 'Kafka':
      return [secret(object, `${name}-cluster-ca-cert`, ['ca.crt', 'ca.p12', 'ca.password']), secret(object, `${name}-clients-ca-cert`, ['ca.crt', 'ca.p12', 'ca.password'])];
    case 'KafkaUser':
      return [secret(object, name, ['user.crt', 'user.key', 'user.p12', 'user.password', 'password', 'sasl.jaas.config'])];
    case 'ObjectBucketClaim':
      return [secret(object, name, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])];
    case 'Cluster':
      if (!object.apiVersion.startsWith('postgresql.cnpg.io/')) return [];
      return [secret(object, `${name}-app`, ['username', 'password', 'uri', 'host', 'port', 'dbname'], 'kubernetes.io/basic-auth'), secret(object, `${name}-ca`, ['ca.crt', 'ca.key'])];
    case 'Certificate':
      return typeof spec['secretName'] === 'string' ? [secret(object, spec['secretName'], ['tls.crt', 'tls.key', 'ca.crt'], 'kubernetes.io/tls')] : [];
    default:
      return [];
  }
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Pod template labels anywhere under a custom resource's spec (operators copy them onto their pods). */
function templateLabels(value: unknown, out: Record<string, string> = {}, depth = 0): Record<string, string> {
  if (depth > 8 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const item of value) templateLabels(item, out, depth + 1);
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === 'metadata' && depth > 0) Object.assign(out, record(record(child)['labels']));
    else templateLabels(child, out, depth + 1);
  }
  return out;
}

function readyPod(owner: Obj, name: string, labels: Record<string, string>): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: owner.metadata.namespace!, labels, ownerReferences: ownedBy(owner) },
    spec: { containers: [{ name: 'main', image: 'simulated' }] },
    status: { phase: 'Running', podIP: '10.128.0.10', conditions: [cond('PodScheduled'), cond('Initialized'), cond('ContainersReady'), cond('Ready')] },
  };
}

/**
 * What the controller manager and the operators make for a workload once it is ready: its Pods
 * (labelled from the pod template; a custom resource's pods get its own and its templates'
 * labels), and a StatefulSet's PersistentVolumeClaims (Bound) from its volumeClaimTemplates.
 */
export function workloadObjects(object: Obj): Obj[] {
  const spec = record(object['spec']);
  const name = object.metadata.name;
  const namespace = object.metadata.namespace;
  if (namespace === undefined) return [];
  const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
  if (group === 'apps' || group === 'batch') {
    const template = record(object.kind === 'CronJob' ? record(record(spec['jobTemplate'])['spec'])['template'] : spec['template']);
    if (object.kind === 'CronJob') return [];
    const labels = { ...(record(record(template['metadata'])['labels']) as Record<string, string>) };
    const replicas = object.kind === 'Job' ? 1 : object.kind === 'DaemonSet' ? 3 : typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const out: Obj[] = [];
    for (let i = 0; i < replicas; i++) out.push(readyPod(object, object.kind === 'StatefulSet' ? `${name}-${i}` : `${name}-sim-${i}`, labels));
    if (object.kind === 'StatefulSet') {
      const claimLabels = record(record(spec['selector'])['matchLabels']) as Record<string, string>;
      for (const claim of (spec['volumeClaimTemplates'] as { metadata?: { name?: string }; spec?: unknown }[] | undefined) ?? []) {
        for (let i = 0; i < replicas; i++) {
          out.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${claim.metadata?.name ?? 'data'}-${name}-${i}`, namespace, labels: { ...claimLabels } }, spec: claim.spec ?? {}, status: { phase: 'Bound' } });
        }
      }
    }
    return out;
  }
  const managed = operatorWorkloads(object);
  if (managed !== undefined) return managed;
  if (group.includes('.') && !group.endsWith('k8s.io') && !['operators.coreos.com', 'route.openshift.io', 'cert-manager.io', 'monitoring.coreos.com', 'image.openshift.io', 'barmancloud.cnpg.io'].includes(group) && !['KafkaTopic', 'KafkaUser', 'Database', 'ScheduledBackup', 'ScheduledSparkApplication'].includes(object.kind)) {
    const labels = { ...templateLabels(spec), ...(object.metadata.labels ?? {}) };
    if (Object.keys(labels).length === 0) return [];
    return [readyPod(object, `${name}-${object.kind.toLowerCase()}-0`, labels)];
  }
  return [];
}

/**
 * The EndpointSlice controller: one slice per Service with a selector, listing the ready Pods
 * it selects. Recomputed per namespace, coalesced, written only when it changes.
 */
export function attachEndpoints(server: SimApiServer): void {
  const pending = new Set<string>();
  const recompute = (namespace: string): void => {
    const pods = server.list('Pod').filter((p) => p.metadata.namespace === namespace && !p.metadata.deletionTimestamp);
    for (const service of server.list('Service').filter((s) => s.metadata.namespace === namespace)) {
      const selector = record(record(service['spec'])['selector']) as Record<string, string>;
      if (Object.keys(selector).length === 0) continue;
      const selected = pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      const ports = ((record(service['spec'])['ports'] as { name?: string; port?: number; protocol?: string }[] | undefined) ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port ?? 0, protocol: p.protocol ?? 'TCP' }));
      const slice: Obj = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${service.metadata.name}-sim`, namespace, labels: { 'kubernetes.io/service-name': service.metadata.name }, ownerReferences: ownedBy(service) },
        addressType: 'IPv4',
        ports,
        endpoints: selected.map((p) => ({ addresses: [String(record(p['status'])['podIP'] ?? '10.128.0.10')], conditions: { ready: true }, targetRef: { kind: 'Pod', name: p.metadata.name, namespace } })),
      };
      const live = server.get('discovery.k8s.io/v1', 'EndpointSlice', slice.metadata.name, namespace);
      if (live && JSON.stringify(live['endpoints']) === JSON.stringify(slice['endpoints']) && JSON.stringify(live['ports']) === JSON.stringify(slice['ports'])) continue;
      server.put(slice);
    }
  };
  server.onChange((event) => {
    const o = event.object;
    if ((o.kind !== 'Pod' && o.kind !== 'Service') || o.metadata.namespace === undefined) return;
    const namespace = o.metadata.namespace;
    if (pending.has(namespace)) return;
    pending.add(namespace);
    setTimeout(() => {
      pending.delete(namespace);
      recompute(namespace);
    }, 2);
  });
}

function labelsAt(value: unknown, ...path: (string | number)[]): Record<string, string> {
  let current: unknown = value;
  for (const part of path) current = Array.isArray(current) && typeof part === 'number' ? current[part] : record(current)[String(part)];
  return { ...(record(current) as Record<string, string>) };
}

function boundClaim(owner: Obj, name: string, labels: Record<string, string>): Obj {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: owner.metadata.namespace!, labels }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Bound' } };
}

function service(owner: Obj, name: string, selector: Record<string, string>, port: number): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: owner.metadata.namespace!, ownerReferences: ownedBy(owner) }, spec: { selector, ports: [{ name: 'main', port, protocol: 'TCP' }] } };
}

const count = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * The Pods, PersistentVolumeClaims and Services each operator makes for its custom resource,
 * named and labelled as the real operator does (CloudNativePG, Strimzi, the OT Redis operator,
 * the Flink Kubernetes operator, Altinity), and carrying the pod template labels the platform set.
 * Undefined for kinds no simulated operator handles.
 */
export function operatorWorkloads(object: Obj): Obj[] | undefined {
  const spec = record(object['spec']);
  const name = object.metadata.name;
  const group = object.apiVersion.slice(0, Math.max(0, object.apiVersion.lastIndexOf('/')));
  const out: Obj[] = [];
  switch (`${group}/${object.kind}`) {
    case 'postgresql.cnpg.io/Cluster': {
      const inherited = labelsAt(spec, 'inheritedMetadata', 'labels');
      for (let i = 1; i <= count(spec['instances'], 1); i++) {
        const role = i === 1 ? 'primary' : 'replica';
        out.push(readyPod(object, `${name}-${i}`, { ...inherited, 'cnpg.io/cluster': name, 'cnpg.io/podRole': 'instance', 'cnpg.io/instanceRole': role, role }));
        out.push(boundClaim(object, `${name}-${i}`, { ...inherited, 'cnpg.io/cluster': name, 'cnpg.io/pvcRole': 'PG_DATA' }));
      }
      out.push(service(object, `${name}-rw`, { 'cnpg.io/cluster': name, 'cnpg.io/instanceRole': 'primary' }, 5432));
      out.push(service(object, `${name}-ro`, { 'cnpg.io/cluster': name, 'cnpg.io/instanceRole': 'replica' }, 5432));
      out.push(service(object, `${name}-r`, { 'cnpg.io/cluster': name, 'cnpg.io/podRole': 'instance' }, 5432));
      return out;
    }
    case 'k8s.keycloak.org/Keycloak': {
      // The Keycloak operator's StatefulSet pods carry its own labels plus the pod template's.
      const labels = { ...labelsAt(spec, 'unsupported', 'podTemplate', 'metadata', 'labels'), app: 'keycloak', 'app.kubernetes.io/managed-by': 'keycloak-operator', 'app.kubernetes.io/instance': name };
      for (let i = 0; i < count(spec['instances'], 1); i++) out.push(readyPod(object, `${name}-${i}`, labels));
      out.push(service(object, `${name}-service`, { app: 'keycloak', 'app.kubernetes.io/instance': name }, 8080));
      return out;
    }
    case 'k8s.keycloak.org/KeycloakRealmImport':
      // The import runs as a Job that ends; it leaves no pod behind that a check would count.
      return out;
    case 'postgresql.cnpg.io/Pooler': {
      const labels = { ...labelsAt(spec, 'template', 'metadata', 'labels'), 'cnpg.io/poolerName': name };
      for (let i = 0; i < count(spec['instances'], 1); i++) out.push(readyPod(object, `${name}-sim-${i}`, labels));
      // CNPG runs PgBouncer as a Deployment named after the Pooler.
      out.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: object.metadata.namespace!, labels: { 'cnpg.io/poolerName': name }, ownerReferences: ownedBy(object) },
        spec: { replicas: count(spec['instances'], 1), selector: { matchLabels: { 'cnpg.io/poolerName': name } }, template: { metadata: { labels } } },
      });
      out.push(service(object, name, { 'cnpg.io/poolerName': name }, 5432));
      return out;
    }
    case 'kafka.strimzi.io/Kafka': {
      const base = { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka' };
      if (spec['entityOperator'] !== undefined) out.push(readyPod(object, `${name}-entity-operator-sim`, { ...base, 'strimzi.io/name': `${name}-entity-operator` }));
      out.push(service(object, `${name}-kafka-bootstrap`, { ...base, 'strimzi.io/broker-role': 'true' }, 9092));
      out.push(service(object, `${name}-kafka-brokers`, { ...base, 'strimzi.io/name': `${name}-kafka` }, 9090));
      return out;
    }
    case 'kafka.strimzi.io/KafkaNodePool': {
      const cluster = object.metadata.labels?.['strimzi.io/cluster'] ?? 'kafka';
      const roles = (spec['roles'] as string[] | undefined) ?? [];
      const base = { 'strimzi.io/cluster': cluster, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${cluster}-kafka`, 'strimzi.io/pool-name': name };
      const volumes = (record(spec['storage'])['volumes'] as { id?: number }[] | undefined) ?? [{}];
      for (let i = 0; i < count(spec['replicas'], 1); i++) {
        out.push(readyPod(object, `${cluster}-${name}-${i}`, { ...labelsAt(spec, 'template', 'pod', 'metadata', 'labels'), ...base, 'strimzi.io/broker-role': String(roles.includes('broker')), 'strimzi.io/controller-role': String(roles.includes('controller')) }));
        for (const volume of volumes) out.push(boundClaim(object, `data-${volume.id ?? 0}-${cluster}-${name}-${i}`, base));
      }
      return out;
    }
    case 'kafka.strimzi.io/KafkaConnect': {
      const labels = { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'KafkaConnect', 'strimzi.io/name': `${name}-connect` };
      for (let i = 0; i < count(spec['replicas'], 1); i++) out.push(readyPod(object, `${name}-connect-${i}`, { ...labelsAt(spec, 'template', 'pod', 'metadata', 'labels'), ...labels }));
      out.push(service(object, `${name}-connect-api`, labels, 8083));
      return out;
    }
    case 'redis.redis.opstreelabs.in/RedisReplication':
    case 'redis.redis.opstreelabs.in/RedisSentinel': {
      const labels = { app: object.kind === 'RedisSentinel' ? `${name}-sentinel` : name, redis_setup_type: object.kind === 'RedisSentinel' ? 'sentinel' : 'replication', role: object.kind === 'RedisSentinel' ? 'sentinel' : 'replication' };
      out.push({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        // The operator names a RedisSentinel's StatefulSet `<name>-sentinel`, a RedisReplication's `<name>`.
        metadata: { name: object.kind === 'RedisSentinel' ? `${name}-sentinel` : name, namespace: object.metadata.namespace!, labels, ownerReferences: ownedBy(object) },
        spec: { replicas: count(spec['clusterSize'], 3), serviceName: `${name}-headless`, selector: { matchLabels: labels }, template: { metadata: { labels: { ...labels, ...labelsAt(spec, 'podTemplate', 'metadata', 'labels') } } } },
      });
      out.push(service(object, name, labels, object.kind === 'RedisSentinel' ? 26379 : 6379));
      if (object.kind === 'RedisReplication') out.push(service(object, `${name}-master`, labels, 6379));
      return out;
    }
    case 'flink.apache.org/FlinkDeployment': {
      const top = labelsAt(spec, 'podTemplate', 'metadata', 'labels');
      const jm = { ...top, ...labelsAt(spec, 'jobManager', 'podTemplate', 'metadata', 'labels'), app: name, component: 'jobmanager', type: 'flink-native-kubernetes' };
      const tm = { ...top, ...labelsAt(spec, 'taskManager', 'podTemplate', 'metadata', 'labels'), app: name, component: 'taskmanager', type: 'flink-native-kubernetes' };
      for (let i = 0; i < count(record(spec['jobManager'])['replicas'], 1); i++) out.push(readyPod(object, `${name}-jm-${i}`, jm));
      // Native mode without taskManager.replicas: as many TaskManagers as the minimum slots need.
      const conf = record(spec['flinkConfiguration']);
      const slots = Math.ceil(Number(conf['slotmanager.number-of-slots.min'] ?? 1) / Number(conf['taskmanager.numberOfTaskSlots'] ?? 1)) || 1;
      for (let i = 0; i < count(record(spec['taskManager'])['replicas'], slots); i++) out.push(readyPod(object, `${name}-taskmanager-1-${i + 1}`, tm));
      out.push(service(object, `${name}-rest`, { app: name, component: 'jobmanager', type: 'flink-native-kubernetes' }, 8081));
      return out;
    }
    case 'grafana.integreatly.org/Grafana': {
      // The operator's Deployment pods carry our template labels; its Service is `<name>-service`.
      const template = record(record(record(spec['deployment'])['spec'])['template']);
      const labels = { ...labelsAt(template, 'metadata', 'labels'), app: name };
      for (let i = 0; i < count(record(record(spec['deployment'])['spec'])['replicas'], 1); i++) out.push(readyPod(object, `${name}-deployment-${i}`, labels));
      out.push(service(object, `${name}-service`, { app: name }, 3000));
      return out;
    }
    case 'loki.grafana.com/LokiStack': {
      const labels = { 'app.kubernetes.io/name': 'lokistack', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'lokistack-gateway' };
      out.push(readyPod(object, `${name}-gateway-0`, labels));
      out.push(service(object, `${name}-gateway-http`, labels, 8080));
      return out;
    }
    case 'clickhouse.altinity.com/ClickHouseInstallation':
    case 'clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation': {
      const keeper = object.kind === 'ClickHouseKeeperInstallation';
      const key = keeper ? 'clickhouse-keeper.altinity.com/chk' : 'clickhouse.altinity.com/chi';
      const defaults = record(record(spec['defaults'])['templates']);
      const templates = record(spec['templates']);
      const pick = (list: unknown, wanted: unknown): Record<string, unknown> => record(((list as { name?: string }[] | undefined) ?? []).find((t) => t.name === wanted));
      const podLabels = labelsAt(pick(templates['podTemplates'], defaults['podTemplate']), 'metadata', 'labels');
      const claimLabels = labelsAt(pick(templates['volumeClaimTemplates'], defaults['dataVolumeClaimTemplate']), 'metadata', 'labels');
      const own = { ...(object.metadata.labels ?? {}), [key]: name };
      for (const cluster of (record(spec['configuration'])['clusters'] as { name?: string; layout?: { shardsCount?: number; replicasCount?: number } }[] | undefined) ?? []) {
        for (let shard = 0; shard < count(cluster.layout?.shardsCount, 1); shard++) {
          for (let replica = 0; replica < count(cluster.layout?.replicasCount, 1); replica++) {
            const pod = `${keeper ? 'chk' : 'chi'}-${name}-${cluster.name ?? 'main'}-${shard}-${replica}-0`;
            out.push(readyPod(object, pod, { ...own, ...podLabels }));
            out.push(boundClaim(object, `data-${pod}`, { ...own, ...claimLabels }));
          }
        }
      }
      out.push(service(object, keeper ? `keeper-${name}` : `clickhouse-${name}`, { [key]: name }, keeper ? 2181 : 8123));
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * The Deployments an operator install creates (as its manifest or Helm chart would): cert-manager's
 * controller, cainjector and webhook in `cert-manager`, otherwise one `<id>-controller`.
 */
export function operatorDeployments(id: string, namespace: string): Obj[] {
  const deployment = (name: string, labels: Record<string, string>): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'manager', image: 'simulated' }] } } },
  });
  if (id === 'cert-manager') return ['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook'].map((name) => deployment(name, { 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/name': name.replace(/^cert-manager-/, '') }));
  return [deployment(`${id}-controller`, { 'app.kubernetes.io/name': id, 'app.kubernetes.io/instance': id })];
}

/** What an OLM operator deploys on its own once installed (the cert-manager operator runs cert-manager in `cert-manager`). */
function olmOperands(pkg: string): Obj[] {
  if (!pkg.includes('cert-manager')) return [];
  return [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cert-manager' } }, ...operatorDeployments('cert-manager', 'cert-manager')];
}
