import { tenantReadiness, obcReadiness } from '../kinds/object-storage.ts';
import { groupOf, type KubeObject, type ObjectRef } from '../model/kube.ts';

/** What a readiness rule concludes from one observation. */
export type ReadinessState = 'ready' | 'progressing' | 'failed';

export interface ReadinessVerdict {
  readonly state: ReadinessState;
  /** The controller's last word (condition message, phase), printed while waiting and on timeout. */
  readonly reason: string;
  /** Wait for this object too before calling it ready (Subscription → its CSV, RedisReplication → its StatefulSet). */
  readonly follow?: ObjectRef;
}

/** Facts a rule cannot read off the object itself, gathered by the engine beforehand. */
export interface ReadinessContext {
  /** `volumeBindingMode` of a StorageClass by name; `''` is the default class. */
  readonly bindingMode?: (storageClassName: string) => string | undefined;
}

export type ReadinessRule = (object: KubeObject, context: ReadinessContext) => ReadinessVerdict;

interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
function statusOf(object: KubeObject): Record<string, unknown> {
  return record(object['status']);
}
function specOf(object: KubeObject): Record<string, unknown> {
  return record(object['spec']);
}
function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}
function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
function conditionsOf(object: KubeObject): Condition[] {
  const list = statusOf(object)['conditions'];
  return Array.isArray(list) ? (list as Condition[]) : [];
}
export function condition(object: KubeObject, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}
function said(c: Condition | undefined, fallback: string): string {
  if (!c) return fallback;
  return [c.reason, c.message].filter((s) => s !== undefined && s !== '').join(': ') || fallback;
}
const ready = (reason: string): ReadinessVerdict => ({ state: 'ready', reason });
const progressing = (reason: string, follow?: ObjectRef): ReadinessVerdict => (follow ? { state: 'progressing', reason, follow } : { state: 'progressing', reason });
const failed = (reason: string): ReadinessVerdict => ({ state: 'failed', reason });

/**
 * Generation gate: a controller that has not observed the current spec says nothing about it.
 * Checked before any success test so a stale "Ready" from the previous spec never counts.
 */
function staleGeneration(object: KubeObject, observed: unknown): ReadinessVerdict | undefined {
  const generation = (object.metadata as { generation?: number }).generation;
  if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) {
    return progressing(`controller has observed generation ${observed}, not ${generation} yet`);
  }
  if (typeof generation === 'number' && observed === undefined && object['status'] === undefined) return progressing('no status yet');
  return undefined;
}

const deployment: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const progress = condition(o, 'Progressing');
  if (progress?.status === 'False' && progress.reason === 'ProgressDeadlineExceeded') return failed(said(progress, 'progress deadline exceeded'));
  const want = num(specOf(o)['replicas'], 1);
  const updated = num(s['updatedReplicas']);
  const available = num(s['availableReplicas']);
  if (updated < want) return progressing(`${updated}/${want} replicas updated`);
  if (num(s['replicas']) > updated) return progressing(`${num(s['replicas']) - updated} old replicas pending termination`);
  if (available < want) return progressing(`${available}/${want} replicas available${said(condition(o, 'Available'), '') ? ` (${said(condition(o, 'Available'), '')})` : ''}`);
  return ready(`${available}/${want} available`);
};

const statefulSet: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const want = num(specOf(o)['replicas'], 1);
  const readyReplicas = num(s['readyReplicas']);
  const strategy = str(record(specOf(o)['updateStrategy'])['type']) || 'RollingUpdate';
  if (strategy === 'RollingUpdate' && want > 0) {
    if (num(s['updatedReplicas']) < want) return progressing(`${num(s['updatedReplicas'])}/${want} replicas updated`);
    if (s['updateRevision'] !== undefined && s['currentRevision'] !== s['updateRevision']) return progressing(`rolling out revision ${str(s['updateRevision'])}`);
  }
  if (readyReplicas < want) return progressing(`${readyReplicas}/${want} replicas ready`);
  return ready(`${readyReplicas}/${want} ready`);
};

const daemonSet: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const want = num(s['desiredNumberScheduled']);
  if (num(s['updatedNumberScheduled']) < want) return progressing(`${num(s['updatedNumberScheduled'])}/${want} nodes updated`);
  if (num(s['numberReady']) < want) return progressing(`${num(s['numberReady'])}/${want} nodes ready`);
  return ready(`${want}/${want} nodes ready`);
};

const job: ReadinessRule = (o) => {
  const fail = condition(o, 'Failed');
  if (fail?.status === 'True') return failed(said(fail, 'job failed'));
  const complete = condition(o, 'Complete');
  if (complete?.status === 'True') return ready('complete');
  return progressing(`${num(statusOf(o)['active'])} active, ${num(statusOf(o)['failed'])} failed`);
};

const exists: ReadinessRule = () => ready('exists');

const namespace: ReadinessRule = (o) => (str(statusOf(o)['phase']) === 'Terminating' ? progressing('namespace is terminating') : ready('Active'));

const crd: ReadinessRule = (o) => {
  const names = condition(o, 'NamesAccepted');
  if (names?.status === 'False') return failed(said(names, 'names not accepted'));
  const established = condition(o, 'Established');
  return established?.status === 'True' ? ready('Established') : progressing(said(established, 'not established yet'));
};

/** A `Ready` condition with optional per-condition or status-level observedGeneration (Strimzi, Keycloak, cert-manager). */
function readyCondition(options: { failWhen?: (o: KubeObject) => ReadinessVerdict | undefined } = {}): ReadinessRule {
  return (o) => {
    const s = statusOf(o);
    const readyC = condition(o, 'Ready');
    const stale = staleGeneration(o, s['observedGeneration'] ?? readyC?.observedGeneration);
    if (stale) return stale;
    const failure = options.failWhen?.(o);
    if (failure) return failure;
    if (readyC?.status === 'True') return ready(said(readyC, 'Ready'));
    return progressing(said(readyC ?? condition(o, 'NotReady'), 'waiting for condition Ready'));
  };
}

/** Strimzi marks a spec it will never accept with these reasons; retrying will not help. */
const STRIMZI_FATAL = /InvalidResource|InvalidConfig|UnsupportedKafkaVersion|InvalidConfiguration/;
const strimzi = readyCondition({
  failWhen: (o) => {
    const notReady = conditionsOf(o).find((c) => (c.type === 'NotReady' || c.type === 'Ready') && c.status !== 'True' && STRIMZI_FATAL.test(c.reason ?? ''));
    return notReady ? failed(said(notReady, 'invalid resource')) : undefined;
  },
});

const keycloak = readyCondition({
  failWhen: (o) => {
    const errors = condition(o, 'HasErrors');
    return errors?.status === 'True' ? failed(said(errors, 'Keycloak reports errors')) : undefined;
  },
});

const certificate = readyCondition({
  failWhen: (o) => {
    const issuing = condition(o, 'Issuing');
    return issuing?.status === 'False' && issuing.reason === 'Failed' ? failed(said(issuing, 'issuance failed')) : undefined;
  },
});

/** CloudNativePG: healthy phase and every instance ready. @see https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-ClusterStatus */
const cnpgCluster: ReadinessRule = (o) => {
  const s = statusOf(o);
  const phase = str(s['phase']);
  if (/cannot proceed|unrecoverable/i.test(phase)) return failed(`${phase}${s['phaseReason'] ? `: ${str(s['phaseReason'])}` : ''}`);
  const want = num(specOf(o)['instances'], 1);
  const readyInstances = num(s['readyInstances']);
  if (phase !== 'Cluster in healthy state') return progressing(`phase "${phase || 'unset'}", ${readyInstances}/${want} instances ready`);
  if (readyInstances < want) return progressing(`${readyInstances}/${want} instances ready`);
  return ready(`healthy, ${readyInstances}/${want} instances`);
};

/**
 * CloudNativePG Pooler: `status.instances` copies the Deployment's `status.replicas` (pods that
 * exist, ready or not), so once every instance is scheduled the PgBouncer Deployment of the same
 * name decides.
 * @see https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-PoolerStatus
 */
const cnpgPooler: ReadinessRule = (o) => {
  const want = num(specOf(o)['instances'], 1);
  const have = num(statusOf(o)['instances']);
  if (have < want) return progressing(`${have}/${want} instances scheduled`);
  return progressing(`${have} instances scheduled`, { apiVersion: 'apps/v1', kind: 'Deployment', name: o.metadata.name, namespace: o.metadata.namespace ?? '' });
};

/**
 * Strimzi writes no `Ready` condition on a KafkaNodePool (only warnings, node IDs and replicas);
 * its pods' readiness is the owning Kafka's `Ready`. The pool is done once the operator has
 * observed this generation and assigned a node ID to every replica.
 * @see https://strimzi.io/docs/operators/latest/configuring.html#type-KafkaNodePoolStatus-reference
 */
const kafkaNodePool: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const want = num(specOf(o)['replicas'], 0);
  const ids = Array.isArray(s['nodeIds']) ? s['nodeIds'].length : 0;
  if (s['observedGeneration'] === undefined || ids < want) return progressing(`${ids}/${want} node IDs assigned`);
  return ready(`${ids} node IDs assigned`);
};

/** Crunchy PGO: every instance set has its replicas ready. @see https://access.crunchydata.com/documentation/postgres-operator/latest/references/crd/5.8.x/postgrescluster */
const crunchyCluster: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const sets = Array.isArray(specOf(o)['instances']) ? (specOf(o)['instances'] as Record<string, unknown>[]) : [];
  const want = sets.reduce((sum, set) => sum + num(set['replicas'], 1), 0);
  const observed = Array.isArray(s['instances']) ? (s['instances'] as Record<string, unknown>[]) : [];
  const have = observed.reduce((sum, set) => sum + num(set['readyReplicas']), 0);
  return have >= want && want > 0 ? ready(`${have}/${want} instances ready`) : progressing(`${have}/${want} instances ready`);
};

const subscription: ReadinessRule = (o) => {
  const resolution = condition(o, 'ResolutionFailed');
  if (resolution?.status === 'True') return failed(said(resolution, 'dependency resolution failed'));
  const installed = str(statusOf(o)['installedCSV']);
  if (installed === '') {
    const catalog = condition(o, 'CatalogSourcesUnhealthy');
    const state = str(statusOf(o)['state']);
    return progressing(catalog?.status === 'True' ? said(catalog, 'catalog sources unhealthy') : `waiting for an installed CSV${state ? ` (state ${state})` : ''}`);
  }
  return progressing(`installed ${installed}`, { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', name: installed, namespace: o.metadata.namespace ?? '' });
};

const csv: ReadinessRule = (o) => {
  const phase = str(statusOf(o)['phase']);
  if (phase === 'Succeeded') return ready('Succeeded');
  if (phase === 'Failed') return failed(`Failed: ${str(statusOf(o)['message']) || str(statusOf(o)['reason'])}`);
  return progressing(`phase ${phase || 'unset'}${statusOf(o)['message'] ? `: ${str(statusOf(o)['message'])}` : ''}`);
};

const tenant: ReadinessRule = (o) => {
  const verdict = tenantReadiness(o);
  return verdict.ready ? ready(verdict.reason) : progressing(verdict.reason);
};
const obc: ReadinessRule = (o) => {
  if (str(statusOf(o)['phase']) === 'Failed') return failed('phase Failed');
  const verdict = obcReadiness(o);
  return verdict.ready ? ready(verdict.reason) : progressing(verdict.reason);
};

/** Flink Kubernetes operator. @see https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/custom-resource/reference/#flinkdeploymentstatus */
const flinkDeployment: ReadinessRule = (o) => {
  const s = statusOf(o);
  const lifecycle = str(s['lifecycleState']);
  if (lifecycle === 'FAILED') return failed(`lifecycleState FAILED${s['error'] ? `: ${str(s['error']).slice(0, 300)}` : ''}`);
  const jm = str(s['jobManagerDeploymentStatus']);
  if (jm === 'ERROR') return failed(`jobManagerDeploymentStatus ERROR${s['error'] ? `: ${str(s['error']).slice(0, 300)}` : ''}`);
  if (lifecycle === 'STABLE' && jm === 'READY') return ready('STABLE, job manager READY');
  return progressing(`lifecycleState ${lifecycle || 'unset'}, jobManagerDeploymentStatus ${jm || 'unset'}`);
};

/** Altinity operator: `status.status` goes InProgress → Completed (or Aborted). */
const clickhouse: ReadinessRule = (o) => {
  const state = str(statusOf(o)['status']);
  if (state === 'Aborted' || state === 'Terminating') return failed(`status ${state}`);
  return state === 'Completed' ? ready('Completed') : progressing(`status ${state || 'unset'}`);
};

const route: ReadinessRule = (o) => {
  const ingress = Array.isArray(statusOf(o)['ingress']) ? (statusOf(o)['ingress'] as { conditions?: Condition[]; routerName?: string }[]) : [];
  const conditions = ingress.flatMap((i) => i.conditions ?? []).filter((c) => c.type === 'Admitted');
  const rejected = conditions.find((c) => c.status === 'False');
  if (rejected) return failed(`not admitted: ${said(rejected, 'rejected')}`);
  return conditions.some((c) => c.status === 'True') ? ready('admitted') : progressing('waiting for a router to admit it');
};

const pvc: ReadinessRule = (o, context) => {
  const phase = str(statusOf(o)['phase']);
  if (phase === 'Bound') return ready('Bound');
  if (phase === 'Lost') return failed('phase Lost: the bound volume is gone');
  const className = str(specOf(o)['storageClassName']);
  if (context.bindingMode?.(className) === 'WaitForFirstConsumer') return ready('Pending until first consumer (WaitForFirstConsumer)');
  return progressing(`phase ${phase || 'unset'}`);
};

const redisCluster: ReadinessRule = (o) => {
  const state = str(statusOf(o)['state']);
  if (state === 'Failed') return failed(`state Failed: ${str(statusOf(o)['reason'])}`);
  return state === 'Ready' ? ready('Ready') : progressing(`state ${state || 'unset'}`);
};

/**
 * OT redis-operator's RedisReplication/RedisSentinel report no readiness; their StatefulSet does.
 * A RedisReplication's StatefulSet has its name; a RedisSentinel's is `<name>-sentinel`
 * (`CreateRedisSentinelSetup`: `cr.Name + "-" + "sentinel"`).
 * @see https://github.com/OT-CONTAINER-KIT/redis-operator/blob/main/pkg/k8sutils/redis-sentinel.go
 */
const redisViaStatefulSet: ReadinessRule = (o) => {
  const name = o.kind === 'RedisSentinel' ? `${o.metadata.name}-sentinel` : o.metadata.name;
  return progressing('waiting for its StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', name, namespace: o.metadata.namespace ?? '' });
};

/** Rules by `group/Kind` (core group is empty). Kinds not listed are ready once applied. */
export const READINESS_RULES: ReadonlyMap<string, ReadinessRule> = new Map<string, ReadinessRule>([
  ['apps/Deployment', deployment],
  ['apps/StatefulSet', statefulSet],
  ['apps/DaemonSet', daemonSet],
  ['batch/Job', job],
  ['batch/CronJob', exists],
  ['/Namespace', namespace],
  ['/PersistentVolumeClaim', pvc],
  ['apiextensions.k8s.io/CustomResourceDefinition', crd],
  ['operators.coreos.com/Subscription', subscription],
  ['operators.coreos.com/ClusterServiceVersion', csv],
  ['postgresql.cnpg.io/Cluster', cnpgCluster],
  ['postgresql.cnpg.io/Pooler', cnpgPooler],
  ['postgres-operator.crunchydata.com/PostgresCluster', crunchyCluster],
  ['kafka.strimzi.io/Kafka', strimzi],
  ['kafka.strimzi.io/KafkaNodePool', kafkaNodePool],
  ['kafka.strimzi.io/KafkaConnect', strimzi],
  ['kafka.strimzi.io/KafkaConnector', strimzi],
  ['kafka.strimzi.io/KafkaTopic', strimzi],
  ['kafka.strimzi.io/KafkaUser', strimzi],
  ['minio.min.io/Tenant', tenant],
  ['objectbucket.io/ObjectBucketClaim', obc],
  ['k8s.keycloak.org/Keycloak', keycloak],
  ['k8s.keycloak.org/KeycloakRealmImport', readyCondition()],
  ['flink.apache.org/FlinkDeployment', flinkDeployment],
  ['clickhouse.altinity.com/ClickHouseInstallation', clickhouse],
  ['clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation', clickhouse],
  ['cert-manager.io/Certificate', certificate],
  ['cert-manager.io/Issuer', readyCondition()],
  ['cert-manager.io/ClusterIssuer', readyCondition()],
  ['route.openshift.io/Route', route],
  ['redis.redis.opstreelabs.in/RedisCluster', redisCluster],
  ['redis.redis.opstreelabs.in/RedisReplication', redisViaStatefulSet],
  ['redis.redis.opstreelabs.in/RedisSentinel', redisViaStatefulSet],
]);

/** Kinds we apply but deliberately do not wait for: batch runs that are not part of "the platform is up". */
export const NOT_WAITED = new Set(['sparkoperator.k8s.io/SparkApplication', 'sparkoperator.k8s.io/ScheduledSparkApplication']);

export function ruleKey(object: { apiVersion: string; kind: string }): string {
  return `${groupOf(object.apiVersion)}/${object.kind}`;
}

/** Whether deploy waits on this kind at all. */
export function hasReadinessRule(object: { apiVersion: string; kind: string }): boolean {
  return READINESS_RULES.has(ruleKey(object)) && !NOT_WAITED.has(ruleKey(object));
}

/**
 * The verdict for one observed object. Deletion in progress is never ready; kinds without a rule
 * are ready once they exist. Pure.
 */
export function assessReadiness(object: KubeObject, context: ReadinessContext = {}): ReadinessVerdict {
  if ((object.metadata as { deletionTimestamp?: string }).deletionTimestamp) return progressing('being deleted');
  const rule = READINESS_RULES.get(ruleKey(object));
  if (rule === undefined || NOT_WAITED.has(ruleKey(object))) return ready('applied');
  return rule(object, context);
}
