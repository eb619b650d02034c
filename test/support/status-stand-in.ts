import type { ClientRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The status stand-in: the part of a cluster a bare kube-apiserver lacks — kube-controller-manager, the kubelet, OLM
 * and the operators — reduced to what `deploy` and `uninstall` can observe. After a configurable delay it writes the
 * status (through the status subresource) that the upstream controller documents for an object it reconciled, and
 * creates the few objects upstream operators are documented to create next to theirs (Secrets, a StatefulSet's
 * claims, an OLM CSV). It never decides anything from Datalyptica's own code: it imports nothing from `src/` (the
 * readiness rules it satisfies live in src/kinds; sharing them would make the test circular), and every status shape
 * below cites the upstream type it follows.
 *
 * What it plays, exactly:
 * - kube-controller-manager: Deployment, StatefulSet, DaemonSet, Job status as if every pod ran (there is no
 *   kubelet); a StatefulSet's PersistentVolumeClaims from its volumeClaimTemplates; the PV binder (claims Bound);
 *   the ResourceQuota controller (status.hard, so quota admission admits claims); the garbage collector's
 *   `foregroundDeletion` and the pvc-protection controller's finalizers; the namespace controller (empties a
 *   Terminating namespace, then finalizes it).
 * - OLM: a Subscription gets a ClusterServiceVersion (phase Succeeded) and `status.installedCSV`. The operators'
 *   CRDs are installed up front by the test harness (../shared/crds), not by this stand-in.
 * - The operators: each custom resource deploy waits for gets the status its operator writes when healthy, and the
 *   Secrets / workloads the operator documents (Strimzi CA and user Secrets, CloudNativePG app Secret and pooler
 *   Deployment, cert-manager TLS Secret, OT redis-operator StatefulSets).
 * - The OpenShift router: a Route gets an Admitted ingress.
 *
 * Everything it writes carries the field manager {@link FIELD_MANAGER}; it talks to the API server directly (never
 * through a test's fault proxy) so a test counting requests counts only deploy's.
 */

/** The field manager of every write the stand-in makes. */
export const FIELD_MANAGER = 'status-stand-in';

/** The subset of an object the stand-in reads. */
export interface StandInObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Readiness delays (ms) by kind when none is configured: operators take longer than the built-in controllers. */
export const DEFAULT_DELAYS_MS: Readonly<Record<string, number>> = {
  Deployment: 40,
  StatefulSet: 60,
  DaemonSet: 40,
  Job: 80,
  PersistentVolumeClaim: 10,
  ResourceQuota: 0,
  Subscription: 100,
  Kafka: 150,
  Cluster: 120,
};
const DEFAULT_DELAY_MS = 30;

export interface StandInOptions {
  /** The real API server (the Go program's ready line). */
  readonly endpoint: { readonly server: string; readonly kubeconfig: string; readonly token: string };
  /** How long the controller of this object takes to report it ready. @default {@link DEFAULT_DELAYS_MS} by kind */
  readonly delayMs?: (object: StandInObject) => number;
  /** Objects whose controller never reports them ready (a stuck operator). */
  readonly hold?: (object: StandInObject) => boolean;
  /** Objects whose controller reports a failure instead (see {@link failedStatus}). */
  readonly fail?: (object: StandInObject) => boolean;
  /**
   * The namespaces this stand-in reconciles (cluster-scoped objects always): test files sharing one API server
   * each run a stand-in with their own delays and holds, so each keeps to its own namespaces. @default all
   */
  readonly namespaces?: (namespace: string) => boolean;
}

/**
 * What a controller writes when it gives up: a Deployment whose rollout exceeded its progress deadline
 * (apps/v1 DeploymentCondition Progressing False, reason ProgressDeadlineExceeded), a failed Job
 * (Failed True, BackoffLimitExceeded), an operator's resource Ready False.
 */
export function failedStatus(object: StandInObject): Record<string, unknown> {
  switch (object.kind) {
    case 'Deployment':
      return { observedGeneration: object.metadata.generation, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1, conditions: [condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'), condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${object.metadata.name}-standin" has timed out progressing.`)] };
    case 'Job':
      return { startTime: NOW(), failed: 1, active: 0, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [condition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'), condition('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')] };
    default:
      return { observedGeneration: object.metadata.generation, conditions: [condition('Ready', 'False', 'InvalidResourceException', 'the stand-in was told to fail it')] };
  }
}

interface Reconciled {
  /** The status to merge into the object's status subresource. */
  readonly status?: Record<string, unknown>;
  /** Objects the controller creates (server-side applied with an ownerReference to the reconciled object). */
  readonly creates?: readonly StandInObject[];
}

interface Handler {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly reconcile?: (object: StandInObject) => Reconciled;
}

const NOW = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const condition = (type: string, status: 'True' | 'False', reason: string, message = '', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type, status, reason, message, lastTransitionTime: NOW(), ...extra });
const spec = (o: StandInObject): Record<string, unknown> => o.spec ?? {};
const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** An Opaque (or typed) Secret with placeholder values under the keys the operator documents. */
function secret(namespace: string, name: string, keys: readonly string[], type = 'Opaque', labels: Record<string, string> = {}): StandInObject {
  return { apiVersion: 'v1', kind: 'Secret', type, metadata: { name, namespace, labels }, data: Object.fromEntries(keys.map((k) => [k, b64(`stand-in ${name} ${k}`)])) };
}

/** A minimal pod template that Pod Security "restricted" accepts (the stand-in's own workloads are never run). */
function workload(kind: 'Deployment' | 'StatefulSet', namespace: string, name: string, labels: Record<string, string>, replicas: number): StandInObject {
  const podSpec = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'main', image: 'registry.invalid/stand-in:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, labels },
    spec: { replicas, selector: { matchLabels: labels }, ...(kind === 'StatefulSet' ? { serviceName: name } : {}), template: { metadata: { labels }, spec: podSpec } },
  };
}

/**
 * What each upstream controller writes for a healthy object of its kind. Objects of kinds not listed here get
 * nothing (as on a real cluster where nobody reconciles them, e.g. ConfigMaps).
 */
const HANDLERS: readonly Handler[] = [
  // k8s.io/api apps/v1 DeploymentStatus; conditions as the deployment controller sets them on a finished rollout.
  {
    apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true,
    reconcile: (o) => {
      const replicas = num(spec(o)['replicas'], 1);
      return {
        status: {
          observedGeneration: o.metadata.generation, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas,
          conditions: [condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'), condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${o.metadata.name}-standin" has successfully progressed.`)],
        },
      };
    },
  },
  // apps/v1 StatefulSetStatus; the StatefulSet controller creates `<template>-<set>-<ordinal>` claims labelled with the selector.
  {
    apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true,
    reconcile: (o) => {
      const replicas = num(spec(o)['replicas'], 1);
      const revision = `${o.metadata.name}-standin${o.metadata.generation ?? 1}`;
      const selector = ((spec(o)['selector'] as { matchLabels?: Record<string, string> } | undefined)?.matchLabels) ?? {};
      const templates = (spec(o)['volumeClaimTemplates'] as { metadata?: { name?: string }; spec?: Record<string, unknown> }[] | undefined) ?? [];
      const claims = templates.flatMap((t) =>
        Array.from({ length: replicas }, (_, i): StandInObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${t.metadata?.name ?? 'data'}-${o.metadata.name}-${i}`, namespace: o.metadata.namespace!, labels: { ...selector } }, spec: { ...(t.spec ?? {}) } })),
      );
      return {
        status: { observedGeneration: o.metadata.generation, replicas, readyReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas, currentRevision: revision, updateRevision: revision, collisionCount: 0 },
        // Claims made from templates are not owned by the set (they outlive it: StatefulSet PVC retention "Retain").
        creates: claims.map((c) => ({ ...c, metadata: { ...c.metadata, ownerReferences: [] } })),
      };
    },
  },
  // apps/v1 DaemonSetStatus on a three-node cluster.
  {
    apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true,
    reconcile: (o) => ({ status: { observedGeneration: o.metadata.generation, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0, numberReady: 3, updatedNumberScheduled: 3 } }),
  },
  // batch/v1 JobStatus of a finished Job: SuccessCriteriaMet then Complete (Kubernetes 1.31+ job controller).
  {
    apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true,
    reconcile: (o) => {
      const completions = num(spec(o)['completions'], 1);
      // Both times are immutable once set: a controller that resumes keeps them.
      const started = (o.status?.['startTime'] as string | undefined) ?? (o.metadata as { creationTimestamp?: string }).creationTimestamp ?? NOW();
      return {
        status: {
          startTime: started, completionTime: (o.status?.['completionTime'] as string | undefined) ?? NOW(), succeeded: completions, active: 0, ready: 0, terminating: 0, uncountedTerminatedPods: {},
          conditions: [condition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', { lastProbeTime: NOW() }), condition('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', { lastProbeTime: NOW() })],
        },
      };
    },
  },
  // The PV binder: a claim is Bound to a (notional) volume of its requested size.
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true,
    reconcile: (o) => {
      const s = spec(o) as { accessModes?: string[]; resources?: { requests?: { storage?: string } } };
      return { status: { phase: 'Bound', accessModes: s.accessModes ?? ['ReadWriteOnce'], capacity: { storage: s.resources?.requests?.storage ?? '1Gi' } } };
    },
  },
  // The ResourceQuota controller publishes status.hard; quota admission refuses what a quota without it covers.
  {
    apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true,
    reconcile: (o) => {
      const hard = (spec(o)['hard'] as Record<string, string> | undefined) ?? {};
      return { status: { hard, used: Object.fromEntries(Object.keys(hard).map((k) => [k, '0'])) } };
    },
  },
  // The namespace controller: only its finalizing part (see finalize()).
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  // OLM: the Subscription resolves to a CSV that installs (operators.coreos.com/v1alpha1 SubscriptionStatus, CSV phase).
  {
    apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', plural: 'subscriptions', namespaced: true,
    reconcile: (o) => {
      const s = spec(o) as { name?: string; startingCSV?: string };
      const csv = s.startingCSV ?? `${s.name ?? o.metadata.name}.v0.0.0-standin`;
      return {
        status: { state: 'AtLatestKnown', currentCSV: csv, installedCSV: csv, lastUpdated: NOW(), conditions: [{ type: 'CatalogSourcesUnhealthy', status: 'False', reason: 'AllCatalogSourcesHealthy', message: 'all available catalogsources are healthy', lastTransitionTime: NOW() }] },
        // OLM does not make the Subscription the CSV's owner: deleting a Subscription leaves the operator running.
        creates: [{ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', metadata: { name: csv, namespace: o.metadata.namespace!, ownerReferences: [] }, spec: { displayName: s.name ?? csv, install: { strategy: 'deployment' } } }],
      };
    },
  },
  { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', plural: 'clusterserviceversions', namespaced: true, reconcile: () => ({ status: { phase: 'Succeeded', reason: 'InstallSucceeded', message: 'install strategy completed with no errors', lastTransitionTime: NOW(), lastUpdateTime: NOW() } }) },
  // cert-manager.io/v1: Ready condition; a Certificate's keypair lands in spec.secretName (type kubernetes.io/tls).
  { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', plural: 'clusterissuers', namespaced: false, reconcile: (o) => ({ status: { conditions: [condition('Ready', 'True', 'IsReady', '', { observedGeneration: o.metadata.generation })] } }) },
  { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', plural: 'issuers', namespaced: true, reconcile: (o) => ({ status: { conditions: [condition('Ready', 'True', 'IsReady', '', { observedGeneration: o.metadata.generation })] } }) },
  {
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate', plural: 'certificates', namespaced: true,
    reconcile: (o) => ({
      status: { conditions: [condition('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired', { observedGeneration: o.metadata.generation })], notBefore: NOW(), notAfter: '2099-01-01T00:00:00Z', renewalTime: '2098-12-01T00:00:00Z', revision: 1 },
      // cert-manager sets no ownerReference on the Secret unless --enable-certificate-owner-ref.
      creates: typeof spec(o)['secretName'] === 'string' ? [{ ...secret(o.metadata.namespace!, spec(o)['secretName'] as string, ['tls.crt', 'tls.key', 'ca.crt'], 'kubernetes.io/tls'), metadata: { name: spec(o)['secretName'] as string, namespace: o.metadata.namespace!, ownerReferences: [] } }] : [],
    }),
  },
  // Strimzi (kafka.strimzi.io/v1): Ready condition on Kafka, KafkaTopic, KafkaUser, KafkaConnect; node pools report
  // node IDs, no Ready. The cluster operator creates `<cluster>-cluster-ca-cert` and `<cluster>-clients-ca-cert`;
  // the user operator a Secret named after the user with the keys of its authentication type.
  {
    apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', plural: 'kafkas', namespaced: true,
    reconcile: (o) => {
      const name = o.metadata.name;
      const listeners = ((spec(o)['kafka'] as { listeners?: { name: string; port: number; tls?: boolean }[] } | undefined)?.listeners ?? []).map((l) => ({ name: l.name, bootstrapServers: `${name}-kafka-bootstrap.${o.metadata.namespace}.svc:${l.port}`, addresses: [{ host: `${name}-kafka-bootstrap.${o.metadata.namespace}.svc`, port: l.port }] }));
      const cert = ['ca.crt', 'ca.p12', 'ca.password'];
      const labels = { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka' };
      return {
        status: { observedGeneration: o.metadata.generation, conditions: [condition('Ready', 'True', 'Ready')], listeners, clusterId: 'stand-in-cluster-id', kafkaVersion: '4.1.0', operatorLastSuccessfulVersion: '0.50.1', kafkaMetadataState: 'KRaft' },
        creates: [secret(o.metadata.namespace!, `${name}-cluster-ca-cert`, cert, 'Opaque', labels), secret(o.metadata.namespace!, `${name}-clients-ca-cert`, cert, 'Opaque', labels)],
      };
    },
  },
  {
    apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaNodePool', plural: 'kafkanodepools', namespaced: true,
    reconcile: (o) => {
      const replicas = num(spec(o)['replicas'], 1);
      return { status: { observedGeneration: o.metadata.generation, replicas, nodeIds: Array.from({ length: replicas }, (_, i) => i), roles: spec(o)['roles'] ?? [], clusterId: 'stand-in-cluster-id' } };
    },
  },
  { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaTopic', plural: 'kafkatopics', namespaced: true, reconcile: (o) => ({ status: { observedGeneration: o.metadata.generation, conditions: [condition('Ready', 'True', 'Ready')], topicName: (spec(o)['topicName'] as string | undefined) ?? o.metadata.name } }) },
  {
    apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaUser', plural: 'kafkausers', namespaced: true,
    reconcile: (o) => {
      const type = (spec(o)['authentication'] as { type?: string } | undefined)?.type;
      // Strimzi docs "KafkaUser resource": tls/tls-external → ca.crt, user.crt, user.key, user.p12, user.password;
      // scram-sha-512 → password, sasl.jaas.config.
      const keys = type === 'scram-sha-512' ? ['password', 'sasl.jaas.config'] : type === 'tls' ? ['ca.crt', 'user.crt', 'user.key', 'user.p12', 'user.password'] : [];
      const username = type === 'scram-sha-512' ? o.metadata.name : `CN=${o.metadata.name}`;
      return {
        status: { observedGeneration: o.metadata.generation, conditions: [condition('Ready', 'True', 'Ready')], username, ...(keys.length ? { secret: o.metadata.name } : {}) },
        creates: keys.length ? [secret(o.metadata.namespace!, o.metadata.name, keys, 'Opaque', { 'strimzi.io/kind': 'KafkaUser', 'strimzi.io/cluster': o.metadata.labels?.['strimzi.io/cluster'] ?? '' })] : [],
      };
    },
  },
  { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaConnect', plural: 'kafkaconnects', namespaced: true, reconcile: (o) => ({ status: { observedGeneration: o.metadata.generation, conditions: [condition('Ready', 'True', 'Ready')], url: `http://${o.metadata.name}-connect-api.${o.metadata.namespace}.svc:8083`, replicas: num(spec(o)['replicas'], 1), labelSelector: `strimzi.io/cluster=${o.metadata.name}` } }) },
  // CloudNativePG (postgresql.cnpg.io/v1 ClusterStatus): a healthy cluster's phase, instance counts and Ready
  // condition; it creates `<name>-app` (kubernetes.io/basic-auth) unless the bootstrap names its own secret, and `<name>-ca`.
  {
    apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', plural: 'clusters', namespaced: true,
    reconcile: (o) => {
      const name = o.metadata.name;
      const instances = num(spec(o)['instances'], 1);
      const own = (spec(o)['bootstrap'] as { initdb?: { secret?: { name?: string } } } | undefined)?.initdb?.secret?.name;
      const labels = { 'cnpg.io/cluster': name };
      return {
        status: {
          instances, readyInstances: instances, phase: 'Cluster in healthy state', currentPrimary: `${name}-1`, targetPrimary: `${name}-1`, latestGeneratedNode: instances,
          writeService: `${name}-rw`, readService: `${name}-r`, conditions: [condition('Ready', 'True', 'ClusterIsReady', 'Cluster is Ready')],
        },
        creates: [
          ...(own === undefined ? [secret(o.metadata.namespace!, `${name}-app`, ['username', 'password', 'dbname', 'host', 'port', 'uri', 'jdbc-uri', 'pgpass'], 'kubernetes.io/basic-auth', labels)] : []),
          secret(o.metadata.namespace!, `${name}-ca`, ['ca.crt', 'ca.key'], 'Opaque', labels),
        ],
      };
    },
  },
  // A Pooler reports its instances; CloudNativePG runs PgBouncer as a Deployment named after it.
  {
    apiVersion: 'postgresql.cnpg.io/v1', kind: 'Pooler', plural: 'poolers', namespaced: true,
    reconcile: (o) => {
      const instances = num(spec(o)['instances'], 1);
      return { status: { instances }, creates: [workload('Deployment', o.metadata.namespace!, o.metadata.name, { 'cnpg.io/poolerName': o.metadata.name }, instances)] };
    },
  },
  // OT redis-operator: RedisReplication and RedisSentinel report nothing useful; the operator runs StatefulSets
  // `<name>` and `<name>-sentinel` (pkg/k8sutils/redis-replication.go, redis-sentinel.go).
  {
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2', kind: 'RedisReplication', plural: 'redisreplications', namespaced: true,
    reconcile: (o) => ({ creates: [workload('StatefulSet', o.metadata.namespace!, o.metadata.name, { app: o.metadata.name, role: 'replication' }, num(spec(o)['clusterSize'], 1))] }),
  },
  {
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2', kind: 'RedisSentinel', plural: 'redissentinels', namespaced: true,
    reconcile: (o) => ({ creates: [workload('StatefulSet', o.metadata.namespace!, `${o.metadata.name}-sentinel`, { app: `${o.metadata.name}-sentinel`, role: 'sentinel' }, num(spec(o)['clusterSize'], 1))] }),
  },
  // Altinity clickhouse-operator: status.status "Completed" once every host is reconciled.
  ...(['clickhouse.altinity.com/ClickHouseInstallation/clickhouseinstallations', 'clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation/clickhousekeeperinstallations'] as const).map((entry): Handler => {
    const [group, kind, plural] = entry.split('/') as [string, string, string];
    return { apiVersion: `${group}/v1`, kind, plural, namespaced: true, reconcile: () => ({ status: { status: 'Completed', 'chop-version': '0.25.6', hosts: 1, hostsCompleted: 1, clusters: 1, shards: 1, replicas: 1, errors: [] } }) };
  }),
  // Keycloak operator (k8s.keycloak.org/v2alpha1): Ready True, HasErrors False; a realm import reports Done.
  { apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'Keycloak', plural: 'keycloaks', namespaced: true, reconcile: (o) => ({ status: { observedGeneration: o.metadata.generation, instances: num(spec(o)['instances'], 1), conditions: [{ type: 'Ready', status: 'True', message: '', observedGeneration: o.metadata.generation, lastTransitionTime: NOW() }, { type: 'HasErrors', status: 'False', message: '', observedGeneration: o.metadata.generation, lastTransitionTime: NOW() }, { type: 'RollingUpdate', status: 'False', message: '', observedGeneration: o.metadata.generation, lastTransitionTime: NOW() }] } }) },
  { apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'KeycloakRealmImport', plural: 'keycloakrealmimports', namespaced: true, reconcile: (o) => ({ status: { conditions: [{ type: 'Done', status: 'True', message: '', observedGeneration: o.metadata.generation, lastTransitionTime: NOW() }, { type: 'Started', status: 'False', message: '', observedGeneration: o.metadata.generation, lastTransitionTime: NOW() }, { type: 'HasErrors', status: 'False', message: '', observedGeneration: o.metadata.generation, lastTransitionTime: NOW() }] } }) },
  // Flink Kubernetes operator (flink.apache.org/v1beta1 FlinkDeploymentStatus): STABLE, job manager READY.
  {
    apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', plural: 'flinkdeployments', namespaced: true,
    reconcile: (o) => ({ status: { observedGeneration: o.metadata.generation, lifecycleState: 'STABLE', jobManagerDeploymentStatus: 'READY', reconciliationStatus: { state: 'DEPLOYED', reconciliationTimestamp: Date.now() }, ...(spec(o)['job'] ? { jobStatus: { state: 'RUNNING', jobName: o.metadata.name } } : {}) } }),
  },
  // grafana-operator (grafana.integreatly.org/v1beta1): the instance reaches stage complete/success; dashboards,
  // datasources and folders report `<Kind>Synchronized` True (reason ApplySuccessful).
  { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'Grafana', plural: 'grafanas', namespaced: true, reconcile: (o) => ({ status: { stage: 'complete', stageStatus: 'success', version: '12.3.0', adminUrl: `http://${o.metadata.name}-service.${o.metadata.namespace}:3000` } }) },
  ...(['Dashboard', 'Datasource', 'Folder'] as const).map((what): Handler => ({
    apiVersion: 'grafana.integreatly.org/v1beta1', kind: `Grafana${what}`, plural: `grafana${what.toLowerCase()}s`, namespaced: true,
    reconcile: (o) => ({ status: { NoMatchingInstances: false, conditions: [condition(`${what}Synchronized`, 'True', 'ApplySuccessful', `${what} was successfully applied to 1 instances`, { observedGeneration: o.metadata.generation })] } }),
  })),
  // Prometheus Operator (monitoring.coreos.com/v1 PrometheusStatus, AlertmanagerStatus): replica counts and the
  // conditions Available and Reconciled True once every replica runs.
  // @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusStatus
  ...([['Prometheus', 'prometheuses'], ['Alertmanager', 'alertmanagers']] as const).map(([kind, plural]): Handler => ({
    apiVersion: 'monitoring.coreos.com/v1', kind, plural, namespaced: true,
    reconcile: (o) => {
      const replicas = Number((o.spec as { replicas?: number } | undefined)?.replicas ?? 1);
      const conditions = [condition('Available', 'True', '', '', { observedGeneration: o.metadata.generation }), condition('Reconciled', 'True', '', '', { observedGeneration: o.metadata.generation })];
      return { status: { paused: false, replicas, updatedReplicas: replicas, availableReplicas: replicas, unavailableReplicas: 0, conditions } };
    },
  })),
  // Loki operator (loki.grafana.com/v1 LokiStackStatus): Ready True (reason ReadyComponents).
  { apiVersion: 'loki.grafana.com/v1', kind: 'LokiStack', plural: 'lokistacks', namespaced: true, reconcile: (o) => ({ status: { conditions: [condition('Ready', 'True', 'ReadyComponents', 'All components ready', { observedGeneration: o.metadata.generation })] } }) },
  // Cluster Logging 6 (observability.openshift.io/v1 ClusterLogForwarderStatus): Authorized, Valid, Ready.
  {
    apiVersion: 'observability.openshift.io/v1', kind: 'ClusterLogForwarder', plural: 'clusterlogforwarders', namespaced: true,
    reconcile: (o) => ({ status: { conditions: ['observability.openshift.io/Authorized', 'observability.openshift.io/Valid', 'Ready'].map((type) => condition(type, 'True', type === 'Ready' ? 'ReconciliationComplete' : 'ClusterRolesExist', '', { observedGeneration: o.metadata.generation })) } }),
  },
  // The OpenShift router admits a Route (route.openshift.io/v1 RouteIngress).
  {
    apiVersion: 'route.openshift.io/v1', kind: 'Route', plural: 'routes', namespaced: true,
    reconcile: (o) => {
      const host = (spec(o)['host'] as string | undefined) ?? `${o.metadata.name}-${o.metadata.namespace}.apps.stand-in.example`;
      return { status: { ingress: [{ host, routerName: 'default', routerCanonicalHostname: 'router-default.apps.stand-in.example', wildcardPolicy: 'None', conditions: [{ type: 'Admitted', status: 'True', lastTransitionTime: NOW() }] }] } };
    },
  },
  // Spark operator: a SparkApplication runs.
  { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', plural: 'sparkapplications', namespaced: true, reconcile: (o) => ({ status: { applicationState: { state: 'RUNNING' }, driverInfo: { podName: `${o.metadata.name}-driver` } } }) },
];

interface Response {
  readonly status: number;
  readonly body: string;
}

/** A resource type to watch: where its collection is. */
interface Resource {
  readonly apiVersion: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** The kind of its objects (lists and watches may omit it). */
  readonly kind: string;
}

type Endpoint = StandInOptions['endpoint'];

const collection = (r: Pick<Resource, 'apiVersion' | 'plural'>, namespace?: string): string => {
  const base = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return namespace === undefined ? `${base}/${r.plural}` : `${base}/namespaces/${namespace}/${r.plural}`;
};
const objectPath = (r: Pick<Resource, 'apiVersion' | 'plural' | 'namespaced'>, o: StandInObject): string => `${collection(r, r.namespaced ? o.metadata.namespace : undefined)}/${o.metadata.name}`;

/** HTTPS to the API server with the admin token, list+watch loops, timers; everything stops with {@link stop}. */
class ApiSession {
  readonly #server: URL;
  readonly #token: string;
  readonly #agent: Agent;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #requests = new Set<ClientRequest>();
  protected stopped = false;
  readonly #errors: string[] = [];
  /** Every write this session made (PATCH status, create, delete, finalize). */
  writes = 0;

  constructor(endpoint: Endpoint) {
    this.#server = new URL(endpoint.server);
    this.#token = endpoint.token;
    const config = parse(readFileSync(endpoint.kubeconfig, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data'?: string } }[] };
    const ca = config.clusters[0]?.cluster['certificate-authority-data'];
    // One socket per open watch, plus requests.
    this.#agent = new Agent({ keepAlive: true, maxSockets: Infinity, ...(ca ? { ca: Buffer.from(ca, 'base64') } : { rejectUnauthorized: false }) });
  }

  /** Errors met (a status the API server rejected is a defect of the stand-in; tests assert none). */
  get errors(): readonly string[] {
    return this.#errors;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    for (const r of this.#requests) r.destroy();
    this.#agent.destroy();
  }

  protected request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    if (method !== 'GET') this.writes++;
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(new Error('stand-in stopped'));
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      // Content-Length always: Node sends a DELETE body unframed (neither length nor chunked), and the server would
      // read it as the start of the next request on the kept-alive connection (a bare "400 Bad Request").
      const req = httpsRequest(
        { host: this.#server.hostname, port: this.#server.port, path, method, agent: this.#agent, headers: { authorization: `Bearer ${this.#token}`, accept: 'application/json', ...(payload !== undefined ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            this.#requests.delete(req);
            resolve({ status: res.statusCode ?? 0, body: text });
          });
          res.on('error', reject);
        },
      );
      this.#requests.add(req);
      req.on('error', (error) => {
        this.#requests.delete(req);
        reject(error);
      });
      req.end(payload);
    });
  }

  protected fail(message: string): void {
    if (!this.stopped) this.#errors.push(message);
  }

  /**
   * List, then watch from the list's resourceVersion; on any end, list again (a re-list reports every object again
   * as ADDED, and those gone since as DELETED). Resolves after the first list.
   */
  protected watchLoop(r: Resource, onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: StandInObject) => void): Promise<void> {
    return new Promise((firstListed) => {
      let known = new Map<string, StandInObject>();
      const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', o: StandInObject): void => {
        const object = { ...o, apiVersion: r.apiVersion, kind: r.kind };
        if (type === 'DELETED') known.delete(object.metadata.uid ?? '');
        else known.set(object.metadata.uid ?? '', object);
        onEvent(type, object);
      };
      const loop = async (): Promise<void> => {
        while (!this.stopped) {
          let rv: string;
          try {
            const list = await this.request('GET', collection(r));
            if (list.status === 404) {
              firstListed();
              await this.sleep(1000);
              continue;
            }
            if (list.status !== 200) throw new Error(`list ${r.kind}: HTTP ${list.status}`);
            const parsed = JSON.parse(list.body) as { metadata: { resourceVersion: string }; items: StandInObject[] };
            rv = parsed.metadata.resourceVersion;
            const before = known;
            known = new Map();
            for (const item of parsed.items) emit('ADDED', item);
            for (const [uid, gone] of before) if (!known.has(uid)) onEvent('DELETED', gone);
          } catch {
            if (this.stopped) return;
            firstListed();
            await this.sleep(500);
            continue;
          }
          firstListed();
          await this.#watch(r, rv, emit);
        }
      };
      void loop();
    });
  }

  #watch(r: Resource, resourceVersion: string, emit: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: StandInObject) => void): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const path = `${collection(r)}?watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion}&timeoutSeconds=300`;
      const req = httpsRequest({ host: this.#server.hostname, port: this.#server.port, path, method: 'GET', agent: this.#agent, headers: { authorization: `Bearer ${this.#token}` } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', resolve);
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
            const line = buffer.slice(0, i);
            buffer = buffer.slice(i + 1);
            if (line.trim() === '') continue;
            const event = JSON.parse(line) as { type: string; object: StandInObject };
            if (event.type === 'ERROR') {
              req.destroy();
              return;
            }
            if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') emit(event.type, event.object);
          }
        });
        const done = (): void => {
          this.#requests.delete(req);
          resolve();
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      this.#requests.add(req);
      req.on('error', () => {
        this.#requests.delete(req);
        resolve();
      });
      req.end();
    });
  }

  protected sleep(ms: number): Promise<void> {
    return new Promise((done) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        done();
      }, ms);
      this.#timers.add(t);
    });
  }

  protected later(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn().catch((error: unknown) => this.fail(String(error instanceof Error ? error.message : error)));
    }, ms);
    this.#timers.add(t);
  }
}

/**
 * Runs the stand-in against a real API server until {@link StatusStandIn.stop}: one list+watch per handled kind (a
 * kind whose CRD is not installed is retried every second), and the process's {@link ControllerManagerStandIn} for
 * that server (shared by every stand-in of the process, stopped with the last).
 */
export class StatusStandIn extends ApiSession {
  readonly #options: StandInOptions;
  readonly #handled = new Map<string, string>();
  readonly #started = Date.now();
  #manager: ControllerManagerStandIn | undefined;
  /** When (ms since start) each object was reported ready, `Kind/namespace/name` → ms. */
  readonly readyAt = new Map<string, number>();

  constructor(options: StandInOptions) {
    super(options.endpoint);
    this.#options = options;
  }

  override get errors(): readonly string[] {
    return [...super.errors, ...(this.#manager?.errors ?? [])];
  }

  /** Starts every watch; resolves once each has listed once. */
  async start(): Promise<this> {
    this.#manager = await ControllerManagerStandIn.acquire(this.#options.endpoint);
    await Promise.all(HANDLERS.filter((h) => h.reconcile).map((h) => this.watchLoop(h, (type, o) => type !== 'DELETED' && this.#observe(h, o))));
    return this;
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.#manager?.release();
    this.#manager = undefined;
  }

  #observe(h: Handler, o: StandInObject): void {
    if (this.stopped || o.metadata.deletionTimestamp !== undefined) return;
    if (o.metadata.namespace !== undefined && this.#options.namespaces && !this.#options.namespaces(o.metadata.namespace)) return;
    const id = `${h.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const key = `${o.metadata.uid}/${o.metadata.generation ?? 0}`;
    if (this.#handled.get(id) === key) return;
    this.#handled.set(id, key);
    if (this.#options.hold?.(o)) return;
    if (this.#options.fail?.(o)) {
      this.later(this.#options.delayMs?.(o) ?? DEFAULT_DELAY_MS, () => this.#patchStatus(h, o, failedStatus(o), id));
      return;
    }
    const delay = this.#options.delayMs?.(o) ?? DEFAULT_DELAYS_MS[h.kind] ?? DEFAULT_DELAY_MS;
    this.later(delay, () => this.#reconcile(h, o, id));
  }

  async #reconcile(h: Handler, seen: StandInObject, id: string): Promise<void> {
    const got = await this.request('GET', objectPath(h, seen));
    if (got.status === 404) return;
    if (got.status !== 200) throw new Error(`GET ${id}: HTTP ${got.status}`);
    const live = { ...(JSON.parse(got.body) as StandInObject), apiVersion: h.apiVersion, kind: h.kind };
    if (live.metadata.uid !== seen.metadata.uid || live.metadata.generation !== seen.metadata.generation || live.metadata.deletionTimestamp) return;
    const result = h.reconcile!(live);
    for (const made of result.creates ?? []) await this.#create(live, made);
    if (result.status !== undefined) await this.#patchStatus(h, live, result.status, id);
    this.readyAt.set(id, Date.now() - this.#started);
  }

  async #patchStatus(h: Handler, o: StandInObject, status: Record<string, unknown>, id: string): Promise<void> {
    const patched = await this.request('PATCH', `${objectPath(h, o)}/status`, { status }, 'application/merge-patch+json');
    if (patched.status === 404) return;
    if (patched.status !== 200) throw new Error(`status of ${id} rejected: HTTP ${patched.status} ${patched.body.slice(0, 500)}`);
  }

  /** Creates what a controller makes for `owner` (owned by it unless the object says otherwise), once. */
  async #create(owner: StandInObject, made: StandInObject): Promise<void> {
    const h = HANDLERS.find((x) => x.apiVersion === made.apiVersion && x.kind === made.kind) ?? { apiVersion: made.apiVersion, plural: `${made.kind.toLowerCase()}s`, namespaced: true };
    const ownerReferences = made.metadata.ownerReferences ?? [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    const object: StandInObject = { ...made, metadata: { ...made.metadata } };
    if (ownerReferences.length) object.metadata.ownerReferences = ownerReferences;
    else delete object.metadata.ownerReferences;
    const response = await this.request('POST', collection(h, made.metadata.namespace), object);
    if (response.status !== 201 && response.status !== 409) throw new Error(`create ${made.kind}/${made.metadata.name} for ${owner.kind}/${owner.metadata.name}: HTTP ${response.status} ${response.body.slice(0, 500)}`);
  }
}

const managers = new Map<string, { manager: Promise<ControllerManagerStandIn>; users: number }>();

/**
 * kube-controller-manager's deletion machinery, which a bare API server lacks (without it every foreground
 * deletion and every Namespace deletion would wait forever):
 * - the garbage collector: an object deleted with `propagationPolicy: Foreground` carries the `foregroundDeletion`
 *   finalizer until its dependents (objects whose ownerReferences name it) are gone — then the finalizer is lifted;
 *   a dependent whose owners are all gone is deleted;
 * - the pvc-protection controller: a deleted claim's `kubernetes.io/pvc-protection` finalizer is lifted (no pod
 *   uses a claim here: there is no kubelet);
 * - the namespace controller: a Terminating namespace is emptied (deletecollection of every namespaced resource),
 *   then finalized (`/finalize` with no `kubernetes` finalizer left).
 * It watches every resource type discovery lists (list, watch, delete), once per process and API server.
 */
export class ControllerManagerStandIn extends ApiSession {
  readonly #endpoint: Endpoint;
  /** Every live object by uid, with where it lives. */
  readonly #objects = new Map<string, { resource: Resource; object: StandInObject }>();
  readonly #busy = new Set<string>();
  readonly #again = new Set<string>();

  private constructor(endpoint: Endpoint) {
    super(endpoint);
    this.#endpoint = endpoint;
  }

  /** The process's instance for this server, started on first use. */
  static acquire(endpoint: Endpoint): Promise<ControllerManagerStandIn> {
    const entry = managers.get(endpoint.server + endpoint.token) ?? { manager: new ControllerManagerStandIn(endpoint).#start(), users: 0 };
    entry.users++;
    managers.set(endpoint.server + endpoint.token, entry);
    return entry.manager;
  }

  /** Stops it when the last stand-in using it stops. */
  async release(): Promise<void> {
    const key = this.#endpoint.server + this.#endpoint.token;
    const entry = managers.get(key);
    if (entry === undefined || --entry.users > 0) return;
    managers.delete(key);
    await this.stop();
  }

  async #start(): Promise<this> {
    const resources = await this.#resources();
    await Promise.all(resources.filter((r) => r.verbs.includes('watch')).map((r) => this.watchLoop(r, (type, o) => this.#observe(r, type, o))));
    return this;
  }

  #discovered: Promise<(Resource & { verbs: string[] })[]> | undefined;
  /** Every resource type with list and delete (discovery, preferred versions), events left out. */
  #resources(): Promise<(Resource & { verbs: string[] })[]> {
    this.#discovered ??= (async () => {
      const out: (Resource & { verbs: string[] })[] = [];
      // Every version of every group, the preferred first: a resource served only by a non-preferred version
      // (operators.coreos.com prefers v2, Subscriptions are v1alpha1) is watched in the version that serves it.
      const versions = ['v1'];
      const groups = await this.request('GET', '/apis');
      for (const g of (JSON.parse(groups.body) as { groups: { preferredVersion: { groupVersion: string }; versions: { groupVersion: string }[] }[] }).groups) {
        versions.push(g.preferredVersion.groupVersion, ...g.versions.map((v) => v.groupVersion).filter((v) => v !== g.preferredVersion.groupVersion));
      }
      const seen = new Set<string>();
      for (const apiVersion of versions) {
        const doc = await this.request('GET', apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`);
        if (doc.status !== 200) continue;
        const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
        for (const r of (JSON.parse(doc.body) as { resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[] }).resources) {
          if (r.name.includes('/') || !r.verbs.includes('list') || !r.verbs.includes('delete') || r.name === 'events' || seen.has(`${group}/${r.name}`)) continue;
          seen.add(`${group}/${r.name}`);
          out.push({ apiVersion, plural: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs });
        }
      }
      return out;
    })();
    this.#discovered.catch(() => (this.#discovered = undefined));
    return this.#discovered;
  }

  #observe(resource: Resource, type: 'ADDED' | 'MODIFIED' | 'DELETED', o: StandInObject): void {
    const uid = o.metadata.uid ?? '';
    if (type === 'DELETED') {
      this.#objects.delete(uid);
      // Dependents whose owners are all gone go too; owners waiting for their dependents may now finish.
      for (const entry of [...this.#objects.values()]) {
        const owners = entry.object.metadata.ownerReferences ?? [];
        if (owners.some((r) => r.uid === uid) && owners.every((r) => !this.#objects.has(r.uid)) && entry.object.metadata.deletionTimestamp === undefined) {
          this.later(0, () => this.#delete(entry.resource, entry.object));
        }
        if (entry.object.metadata.deletionTimestamp !== undefined) this.later(0, () => this.#finalize(entry.resource, entry.object));
      }
      return;
    }
    this.#objects.set(uid, { resource, object: o });
    if (o.metadata.deletionTimestamp !== undefined) this.later(0, () => this.#finalize(resource, o));
  }

  async #delete(resource: Resource, o: StandInObject): Promise<void> {
    await this.request('DELETE', objectPath(resource, o), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
  }

  /** Lifts the finalizers kube-controller-manager owns once their condition holds. */
  async #finalize(resource: Resource, o: StandInObject): Promise<void> {
    const uid = o.metadata.uid ?? '';
    if (this.stopped) return;
    if (this.#busy.has(uid)) {
      // Changed while being finalized: look again once this pass is over.
      this.#again.add(uid);
      return;
    }
    this.#busy.add(uid);
    try {
      if (resource.kind === 'Namespace' && resource.apiVersion === 'v1') await this.#finalizeNamespace(o);
      const live = this.#objects.get(uid)?.object;
      if (live === undefined) return;
      const finalizers = live.metadata.finalizers ?? [];
      const dependents = [...this.#objects.values()].filter((e) => (e.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid));
      for (const d of dependents) if (d.object.metadata.deletionTimestamp === undefined) await this.#delete(d.resource, d.object);
      const lift = finalizers.filter((f) => (f === 'foregroundDeletion' && dependents.length === 0) || f === 'kubernetes.io/pvc-protection');
      if (lift.length === 0) return;
      const remaining = finalizers.filter((f) => !lift.includes(f));
      const patched = await this.request('PATCH', objectPath(resource, live), { metadata: { finalizers: remaining.length ? remaining : null } }, 'application/merge-patch+json');
      // 409: changed meanwhile; look again at the fresh object.
      if (patched.status === 409) this.#again.add(uid);
      else if (patched.status !== 200 && patched.status !== 404) throw new Error(`finalize ${resource.kind}/${live.metadata.name} (PATCH ${objectPath(resource, live)}): HTTP ${patched.status} ${patched.body.slice(0, 300)}`);
    } finally {
      this.#busy.delete(uid);
      if (this.#again.delete(uid)) {
        const fresh = this.#objects.get(uid);
        if (fresh !== undefined) this.later(50, () => this.#finalize(fresh.resource, fresh.object));
      }
    }
  }

  /** The namespace controller: delete every namespaced resource in it, then drop the `kubernetes` finalizer. */
  async #finalizeNamespace(o: StandInObject): Promise<void> {
    const name = o.metadata.name;
    const specFinalizers = ((o.spec ?? {})['finalizers'] as string[] | undefined) ?? [];
    if (!specFinalizers.includes('kubernetes')) return;
    for (let attempt = 0; attempt < 50 && !this.stopped; attempt++) {
      if ((await this.#emptyNamespace(name)) === 0) break;
      await this.sleep(200);
    }
    const got = await this.request('GET', `/api/v1/namespaces/${name}`);
    if (got.status !== 200) return;
    const live = JSON.parse(got.body) as StandInObject;
    const done = await this.request('PUT', `/api/v1/namespaces/${name}/finalize`, { ...live, spec: { finalizers: [] } });
    if (done.status !== 200 && done.status !== 404 && done.status !== 409) throw new Error(`finalize Namespace/${name}: HTTP ${done.status} ${done.body.slice(0, 300)}`);
  }

  /** Deletes the namespace's content; returns how many objects were still there. */
  async #emptyNamespace(namespace: string): Promise<number> {
    let left = 0;
    for (const r of (await this.#resources()).filter((x) => x.namespaced && x.verbs.includes('deletecollection'))) {
      const here = [...this.#objects.values()].filter((e) => e.resource === r || (e.resource.plural === r.plural && e.resource.apiVersion === r.apiVersion)).filter((e) => e.object.metadata.namespace === namespace);
      if (here.length === 0) continue;
      left += here.length;
      await this.request('DELETE', collection(r, namespace), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    }
    return left;
  }
}

/** Starts a stand-in against a real API server (see {@link StatusStandIn}). */
export function startStatusStandIn(options: StandInOptions): Promise<StatusStandIn> {
  return new StatusStandIn(options).start();
}

/** Kinds the stand-in reconciles (for documentation: `group/Kind`). */
export const STAND_IN_KINDS: readonly string[] = HANDLERS.filter((h) => h.reconcile).map((h) => `${h.apiVersion.includes('/') ? h.apiVersion.slice(0, h.apiVersion.lastIndexOf('/')) : ''}/${h.kind}`);
