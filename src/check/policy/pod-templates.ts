import type { KubeObject } from '../../model/kube.ts';

type Json = Record<string, unknown>;

/** One container (or the part of it an operator CR exposes) inside a pod template. */
export interface ContainerView {
  /** JSON pointer of the container inside the object. */
  readonly path: string;
  readonly container: Json;
  readonly init: boolean;
}

/**
 * A pod spec we control, wherever it sits: a workload's `spec.template.spec`, a CronJob's job
 * template, or the pod template an operator CR exposes (Strimzi `template.pod`, Flink
 * `podTemplate`, Spark driver/executor, ClickHouse `podTemplates`, MinIO pools, CNPG).
 */
export interface PodTemplateView {
  readonly object: KubeObject;
  /** JSON pointer of the pod-level fields (`/spec/template/spec`). */
  readonly path: string;
  /** Pod-level fields: securityContext, host namespaces, volumes, serviceAccountName... */
  readonly pod: Json;
  readonly containers: readonly ContainerView[];
  /** Labels the pods carry (template metadata), for PDB and anti-affinity matching. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * A full pod spec we write (built-in workloads): a missing field is a finding. Operator CRs
   * expose only part of the pod and the operator fills in the rest, so only a field set to a
   * bad value is a finding there.
   */
  readonly complete: boolean;
  /** Runs until stopped (probes apply); false for Jobs, CronJobs and batch CRs. */
  readonly longRunning: boolean;
  /** The operator that owns the real pods, when the object is a CR. */
  readonly operator?: string;
  /** Replicas of the pod, when the object says. */
  readonly replicas?: number;
}

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => obj(v) !== undefined) : [];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function labelsOf(value: unknown): Record<string, string> {
  const labels = obj(obj(value)?.['labels']);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Containers and init containers of a full pod spec. */
function containersOf(spec: Json, path: string): ContainerView[] {
  return [
    ...arr(spec['initContainers']).map((container, i) => ({ path: `${path}/initContainers/${i}`, container, init: true })),
    ...arr(spec['containers']).map((container, i) => ({ path: `${path}/containers/${i}`, container, init: false })),
  ];
}

function fullPod(
  object: KubeObject,
  template: Json | undefined,
  path: string,
  options: { longRunning: boolean; complete: boolean; operator?: string; replicas?: number },
): PodTemplateView[] {
  const spec = obj(template?.['spec']);
  if (!template || !spec) return [];
  const view: PodTemplateView = {
    object,
    path: `${path}/spec`,
    pod: spec,
    containers: containersOf(spec, `${path}/spec`),
    labels: labelsOf(template['metadata']),
    complete: options.complete,
    longRunning: options.longRunning,
    ...(options.operator ? { operator: options.operator } : {}),
    ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
  };
  return [view];
}

function numberAt(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Built-in workload kinds whose pod template is `spec.template`. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/**
 * Strimzi: pod-level fields in `<part>.template.pod`, container-level in `<part>.template.<x>Container`,
 * resources in `<part>.resources`. Strimzi sets no security context of its own on Kubernetes and
 * leaves OpenShift to restricted-v2, and it always drops ALL capabilities and privilege escalation
 * only when told, so we check what the CR sets.
 * @see https://strimzi.io/docs/operators/latest/configuring.html#type-PodTemplate-reference
 */
function strimziPart(object: KubeObject, part: Json | undefined, path: string, containerKeys: readonly string[], replicas?: number): PodTemplateView[] {
  if (!part) return [];
  const template = obj(part['template']) ?? {};
  const pod = obj(template['pod']) ?? {};
  const containers: ContainerView[] = [];
  for (const key of containerKeys) {
    const c = obj(template[key]);
    const merged: Json = { name: key, ...(c ?? {}) };
    if (key === containerKeys[0] && obj(part['resources'])) merged['resources'] = part['resources'];
    if (c || merged['resources']) containers.push({ path: `${path}/template/${key}`, container: merged, init: key === 'initContainer' });
  }
  return [
    {
      object,
      path: `${path}/template/pod`,
      pod,
      containers,
      labels: labelsOf(pod['metadata']),
      complete: false,
      longRunning: true,
      operator: 'strimzi',
      ...(replicas !== undefined ? { replicas } : {}),
    },
  ];
}

/** The Strimzi Connect build pod: pod fields in `template.buildPod`, the builder in `template.buildContainer`, resources in `build.resources`. */
function strimziBuildPod(object: KubeObject, spec: Json): PodTemplateView[] {
  const template = obj(spec['template']) ?? {};
  const builder: Json = { name: 'buildContainer', ...(obj(template['buildContainer']) ?? {}) };
  const resources = obj(obj(spec['build'])?.['resources']);
  if (resources) builder['resources'] = resources;
  const pod = obj(template['buildPod']) ?? {};
  return [
    {
      object,
      path: '/spec/template/buildPod',
      pod,
      containers: [{ path: '/spec/template/buildContainer', container: builder, init: false }],
      labels: labelsOf(pod['metadata']),
      complete: false,
      longRunning: false,
      operator: 'strimzi',
    },
  ];
}

/**
 * Crunchy PGO: each `instances[]` set runs the `database` container with its `resources` plus any
 * `containers` sidecars; PgBouncer (`proxy.pgBouncer`) and the pgBackRest repo host likewise. PGO
 * sets a restricted security context itself and exposes none, so only what the CR sets is checked.
 * @see https://access.crunchydata.com/documentation/postgres-operator/latest/references/crd/5.8.x/postgrescluster
 */
function crunchyViews(object: KubeObject, spec: Json): PodTemplateView[] {
  const views: PodTemplateView[] = [];
  const part = (path: string, main: string, source: Json | undefined, image: unknown, replicas?: number): void => {
    if (!source) return;
    const container: Json = { name: main };
    if (source['resources'] !== undefined) container['resources'] = source['resources'];
    if (image !== undefined) container['image'] = image;
    const containers: ContainerView[] = [{ path, container, init: false }];
    arr(source['containers']).forEach((c, i) => containers.push({ path: `${path}/containers/${i}`, container: c, init: false }));
    const pod: Json = {};
    for (const key of ['affinity', 'tolerations']) if (source[key] !== undefined) pod[key] = source[key];
    views.push({
      object,
      path,
      pod,
      containers,
      labels: labelsOf(obj(source['metadata']) ?? {}),
      complete: false,
      longRunning: true,
      operator: 'crunchy-pgo',
      ...(replicas !== undefined ? { replicas } : {}),
    });
  };
  arr(spec['instances']).forEach((instance, i) => part(`/spec/instances/${i}`, 'database', instance, spec['image'], numberAt(instance['replicas']) ?? 1));
  const pgBouncer = obj(obj(spec['proxy'])?.['pgBouncer']);
  part('/spec/proxy/pgBouncer', 'pgbouncer', pgBouncer, pgBouncer?.['image'], numberAt(pgBouncer?.['replicas']));
  part('/spec/backups/pgbackrest/repoHost', 'pgbackrest', obj(obj(obj(spec['backups'])?.['pgbackrest'])?.['repoHost']), obj(obj(spec['backups'])?.['pgbackrest'])?.['image']);
  return views;
}

/**
 * Spark operator: a SparkPodSpec per driver/executor with a container `securityContext`, a
 * `podSecurityContext`, env, host network, and an optional Spark pod `template`.
 * @see https://www.kubeflow.org/docs/components/spark-operator/user-guide/api-docs/
 */
function sparkRole(object: KubeObject, role: Json | undefined, path: string): PodTemplateView[] {
  if (!role) return [];
  const pod: Json = {};
  if (role['podSecurityContext'] !== undefined) pod['securityContext'] = role['podSecurityContext'];
  for (const key of ['hostNetwork', 'serviceAccount', 'volumes', 'affinity']) if (role[key] !== undefined) pod[key] = role[key];
  if (role['serviceAccount'] !== undefined) pod['serviceAccountName'] = role['serviceAccount'];
  const main: Json = { name: 'spark-kubernetes-' + path.split('/').pop(), image: role['image'] };
  for (const key of ['securityContext', 'env', 'envFrom', 'volumeMounts', 'ports']) if (role[key] !== undefined) main[key] = role[key];
  if (main['image'] === undefined) delete main['image'];
  const containers: ContainerView[] = [{ path, container: main, init: false }];
  arr(role['initContainers']).forEach((c, i) => containers.push({ path: `${path}/initContainers/${i}`, container: c, init: true }));
  arr(role['sidecars']).forEach((c, i) => containers.push({ path: `${path}/sidecars/${i}`, container: c, init: false }));
  const views: PodTemplateView[] = [
    { object, path, pod, containers, labels: { ...(obj(role['labels']) as Record<string, string> | undefined) }, complete: false, longRunning: false, operator: 'spark-operator' },
  ];
  views.push(...fullPod(object, obj(role['template']), `${path}/template`, { longRunning: false, complete: false, operator: 'spark-operator' }));
  return views;
}

function sparkApplication(object: KubeObject, spec: Json | undefined, path: string): PodTemplateView[] {
  if (!spec) return [];
  const image = spec['image'];
  // `volumes` is application-wide (the roles only have volumeMounts); the operator adds them to both pods.
  const volumes = spec['volumes'];
  const withShared = (role: Json | undefined): Json | undefined => {
    if (!role) return role;
    const out: Json = { ...role };
    if (image !== undefined && role['image'] === undefined) out['image'] = image;
    if (volumes !== undefined && role['volumes'] === undefined) out['volumes'] = volumes;
    return out;
  };
  return [...sparkRole(object, withShared(obj(spec['driver'])), `${path}/driver`), ...sparkRole(object, withShared(obj(spec['executor'])), `${path}/executor`)];
}

const REDIS_KINDS = new Set(['Redis', 'RedisReplication', 'RedisSentinel', 'RedisCluster']);

/**
 * OT-Container-Kit redis-operator (v1beta2): the CR carries the pod security context, the Redis
 * container's securityContext, env and `hostPort`, `kubernetesConfig.image/resources`, an optional
 * init container, the exporter and sidecars, and extra volumes under `storage.volumeMount.volume`
 * (`volumeMount.volume` on RedisSentinel). RedisCluster adds `hostNetwork` and per-role
 * (`redisLeader`/`redisFollower`) securityContext and resources.
 * @see https://redis-operator.opstree.dev/docs/crd-reference/redis-api/
 */
function redisViews(object: KubeObject, spec: Json): PodTemplateView[] {
  const pod: Json = {};
  if (spec['podSecurityContext'] !== undefined) pod['securityContext'] = spec['podSecurityContext'];
  for (const key of ['hostNetwork', 'serviceAccountName', 'affinity']) if (spec[key] !== undefined) pod[key] = spec[key];
  const volumes = obj(obj(obj(spec['storage'])?.['volumeMount']) ?? obj(spec['volumeMount']))?.['volume'];
  if (volumes !== undefined) pod['volumes'] = volumes;
  const config = obj(spec['kubernetesConfig']) ?? {};
  const hostPort = numberAt(spec['hostPort']);
  const main = (name: string, securityContext: unknown, resources: unknown): Json => {
    const container: Json = { name };
    if (config['image'] !== undefined) container['image'] = config['image'];
    if (resources !== undefined) container['resources'] = resources;
    if (securityContext !== undefined) container['securityContext'] = securityContext;
    if (spec['env'] !== undefined) container['env'] = spec['env'];
    if (hostPort !== undefined) container['ports'] = [{ containerPort: hostPort, hostPort }];
    return container;
  };
  const containers: ContainerView[] = [];
  const roles = ['redisLeader', 'redisFollower'].filter((role) => obj(spec[role]) !== undefined);
  if (object.kind === 'RedisCluster' && roles.length > 0) {
    for (const role of roles) {
      const r = obj(spec[role])!;
      containers.push({ path: `/spec/${role}`, container: main(role, r['securityContext'] ?? spec['securityContext'], r['resources'] ?? spec['resources'] ?? config['resources']), init: false });
    }
  } else {
    containers.push({ path: '/spec', container: main('redis', spec['securityContext'], config['resources'] ?? spec['resources']), init: false });
  }
  const init = obj(spec['initContainer']);
  if (init && init['enabled'] !== false) containers.push({ path: '/spec/initContainer', container: { name: 'init', ...init }, init: true });
  const exporter = obj(spec['redisExporter']);
  if (exporter && exporter['enabled'] !== false) containers.push({ path: '/spec/redisExporter', container: { name: 'redis-exporter', ...exporter }, init: false });
  arr(spec['sidecars']).forEach((c, i) => containers.push({ path: `/spec/sidecars/${i}`, container: c, init: false }));
  const replicas = numberAt(spec['clusterSize']);
  return [{ object, path: '/spec', pod, containers, labels: {}, complete: false, longRunning: true, operator: 'redis-operator', ...(replicas !== undefined ? { replicas } : {}) }];
}

/**
 * Every pod template we control inside `object`, with where it is. Kinds with no pods (Services,
 * ConfigMaps, CRs whose operator builds the whole pod) give none.
 */
export function podTemplatesOf(object: KubeObject): PodTemplateView[] {
  return rawTemplatesOf(object).map((view) => {
    const extra = operatorLabels(object, view.path);
    return Object.keys(extra).length === 0 ? view : { ...view, labels: { ...extra, ...view.labels } };
  });
}

/**
 * Labels an operator adds to the pods it creates, on top of the template's, so PDB and
 * anti-affinity selectors written against them are understood.
 */
export function operatorLabels(object: KubeObject, path: string): Record<string, string> {
  const name = object.metadata.name;
  const own = object.metadata.labels ?? {};
  const spec = obj(object['spec']) ?? {};
  switch (object.kind) {
    case 'Kafka': {
      const part = path.split('/')[2] ?? 'kafka';
      const suffix: Record<string, string> = { kafka: 'kafka', zookeeper: 'zookeeper', entityOperator: 'entity-operator', cruiseControl: 'cruise-control', kafkaExporter: 'kafka-exporter' };
      return { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${name}-${suffix[part] ?? part}` };
    }
    case 'KafkaNodePool': {
      const cluster = own['strimzi.io/cluster'] ?? '';
      const roles = list(spec['roles']).map(String);
      const labels: Record<string, string> = { 'strimzi.io/cluster': cluster, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${cluster}-kafka`, 'strimzi.io/pool-name': name };
      if (roles.includes('broker')) labels['strimzi.io/broker-role'] = 'true';
      if (roles.includes('controller')) labels['strimzi.io/controller-role'] = 'true';
      return labels;
    }
    case 'KafkaConnect':
      return { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'KafkaConnect', 'strimzi.io/name': `${name}-connect` };
    case 'KafkaMirrorMaker2':
      return { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'KafkaMirrorMaker2', 'strimzi.io/name': `${name}-mirrormaker2` };
    case 'KafkaBridge':
      return { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'KafkaBridge', 'strimzi.io/name': `${name}-bridge` };
    case 'Cluster':
      return object.apiVersion.startsWith('postgresql.cnpg.io/') ? { 'cnpg.io/cluster': name } : {};
    case 'Pooler':
      return object.apiVersion.startsWith('postgresql.cnpg.io/') ? { 'cnpg.io/poolerName': name } : {};
    case 'ClickHouseInstallation':
      return { 'clickhouse.altinity.com/chi': name, 'clickhouse.altinity.com/app': 'chop' };
    case 'ClickHouseKeeperInstallation':
      return { 'clickhouse-keeper.altinity.com/chk': name, 'clickhouse-keeper.altinity.com/app': 'chop' };
    case 'Tenant': {
      const pool = obj(list(spec['pools'])[Number(path.split('/')[3] ?? 0)])?.['name'];
      return object.apiVersion.startsWith('minio.min.io/') ? { 'v1.min.io/tenant': name, ...(typeof pool === 'string' ? { 'v1.min.io/pool': pool } : {}) } : {};
    }
    case 'FlinkDeployment': {
      const labels: Record<string, string> = { app: name, type: 'flink-native-kubernetes' };
      if (path.includes('jobManager')) labels['component'] = 'jobmanager';
      if (path.includes('taskManager')) labels['component'] = 'taskmanager';
      return labels;
    }
    case 'SparkApplication':
      return { 'sparkoperator.k8s.io/app-name': name, 'spark-role': path.includes('executor') ? 'executor' : 'driver' };
    default:
      return {};
  }
}

function rawTemplatesOf(object: KubeObject): PodTemplateView[] {
  const spec = obj(object['spec']);
  const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
  if (object.kind === 'Pod' && group === '' && spec) {
    return [{ object, path: '/spec', pod: spec, containers: containersOf(spec, '/spec'), labels: labelsOf(object.metadata), complete: true, longRunning: true }];
  }
  if (!spec) return [];
  if (TEMPLATE_KINDS.has(object.kind) && (group === 'apps' || group === 'batch' || group === '')) {
    const replicas = object.kind === 'Job' || object.kind === 'DaemonSet' ? undefined : (numberAt(spec['replicas']) ?? 1);
    return fullPod(object, obj(spec['template']), '/spec/template', {
      longRunning: object.kind !== 'Job',
      complete: true,
      ...(replicas !== undefined ? { replicas } : {}),
    });
  }
  if (object.kind === 'CronJob' && group === 'batch') {
    return fullPod(object, obj(obj(obj(spec['jobTemplate'])?.['spec'])?.['template']), '/spec/jobTemplate/spec/template', { longRunning: false, complete: true });
  }
  switch (`${group}/${object.kind}`) {
    case 'kafka.strimzi.io/Kafka':
      return [
        ...strimziPart(object, obj(spec['kafka']), '/spec/kafka', ['kafkaContainer', 'initContainer']),
        ...strimziPart(object, obj(spec['zookeeper']), '/spec/zookeeper', ['zookeeperContainer'], numberAt(obj(spec['zookeeper'])?.['replicas'])),
        ...strimziPart(object, obj(spec['entityOperator']), '/spec/entityOperator', ['topicOperatorContainer', 'userOperatorContainer', 'tlsSidecarContainer']),
        ...strimziPart(object, obj(spec['cruiseControl']), '/spec/cruiseControl', ['cruiseControlContainer']),
        ...strimziPart(object, obj(spec['kafkaExporter']), '/spec/kafkaExporter', ['container']),
      ];
    case 'kafka.strimzi.io/KafkaNodePool':
      return strimziPart(object, spec, '/spec', ['kafkaContainer', 'initContainer'], numberAt(spec['replicas']));
    case 'kafka.strimzi.io/KafkaConnect':
      // With `spec.build`, Strimzi also runs a build pod (Kaniko on Kubernetes) from template.buildPod/buildContainer.
      return [
        ...strimziPart(object, spec, '/spec', ['connectContainer', 'initContainer'], numberAt(spec['replicas'])),
        ...(obj(spec['build']) ? strimziBuildPod(object, spec) : []),
      ];
    case 'kafka.strimzi.io/KafkaMirrorMaker2':
      return strimziPart(object, spec, '/spec', ['connectContainer', 'initContainer'], numberAt(spec['replicas']));
    case 'postgres-operator.crunchydata.com/PostgresCluster':
      return crunchyViews(object, spec);
    case 'kafka.strimzi.io/KafkaBridge':
      return strimziPart(object, spec, '/spec', ['bridgeContainer'], numberAt(spec['replicas']));
    case 'flink.apache.org/FlinkDeployment':
    case 'flink.apache.org/FlinkSessionJob': {
      // The Flink operator merges `podTemplate` with the role templates and adds its own containers.
      const options = { longRunning: true, complete: false, operator: 'flink-kubernetes-operator' };
      return [
        ...fullPod(object, obj(spec['podTemplate']), '/spec/podTemplate', options),
        ...fullPod(object, obj(obj(spec['jobManager'])?.['podTemplate']), '/spec/jobManager/podTemplate', {
          ...options,
          ...(numberAt(obj(spec['jobManager'])?.['replicas']) !== undefined ? { replicas: numberAt(obj(spec['jobManager'])?.['replicas'])! } : {}),
        }),
        ...fullPod(object, obj(obj(spec['taskManager'])?.['podTemplate']), '/spec/taskManager/podTemplate', options),
      ];
    }
    case 'redis.redis.opstreelabs.in/Redis':
    case 'redis.redis.opstreelabs.in/RedisReplication':
    case 'redis.redis.opstreelabs.in/RedisSentinel':
    case 'redis.redis.opstreelabs.in/RedisCluster':
      return REDIS_KINDS.has(object.kind) ? redisViews(object, spec) : [];
    case 'sparkoperator.k8s.io/SparkApplication':
      return sparkApplication(object, spec, '/spec');
    case 'sparkoperator.k8s.io/ScheduledSparkApplication':
      return sparkApplication(object, obj(spec['template']), '/spec/template');
    case 'clickhouse.altinity.com/ClickHouseInstallation':
    case 'clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation':
    case 'clickhouse.altinity.com/ClickHouseKeeperInstallation': {
      const templates = arr(obj(spec['templates'])?.['podTemplates']);
      return templates.flatMap((t, i) =>
        fullPod(object, { metadata: t['metadata'] ?? {}, spec: t['spec'] }, `/spec/templates/podTemplates/${i}`, {
          longRunning: true,
          complete: false,
          operator: 'clickhouse-operator',
        }),
      );
    }
    case 'minio.min.io/Tenant': {
      // MinIO pools: pod `securityContext`, `containerSecurityContext`, resources; env at the top.
      return arr(spec['pools']).map((pool, i) => {
        const pod: Json = {};
        if (pool['securityContext'] !== undefined) pod['securityContext'] = pool['securityContext'];
        const main: Json = { name: 'minio' };
        if (pool['containerSecurityContext'] !== undefined) main['securityContext'] = pool['containerSecurityContext'];
        if (pool['resources'] !== undefined) main['resources'] = pool['resources'];
        if (spec['env'] !== undefined) main['env'] = spec['env'];
        if (spec['image'] !== undefined) main['image'] = spec['image'];
        return {
          object,
          path: `/spec/pools/${i}`,
          pod,
          containers: [{ path: `/spec/pools/${i}`, container: main, init: false }],
          labels: labelsOf(spec['poolsMetadata'] ?? {}),
          complete: false,
          longRunning: true,
          operator: 'minio-operator',
          ...(numberAt(pool['servers']) !== undefined ? { replicas: numberAt(pool['servers'])! } : {}),
        } satisfies PodTemplateView;
      });
    }
    case 'postgresql.cnpg.io/Cluster': {
      // CNPG builds the pods itself (restricted-compatible by default); the CR exposes env, resources
      // and, since 1.26, podSecurityContext/securityContext.
      const pod: Json = {};
      if (spec['podSecurityContext'] !== undefined) pod['securityContext'] = spec['podSecurityContext'];
      const main: Json = { name: 'postgres' };
      for (const key of ['env', 'resources']) if (spec[key] !== undefined) main[key] = spec[key];
      if (spec['securityContext'] !== undefined) main['securityContext'] = spec['securityContext'];
      if (spec['imageName'] !== undefined) main['image'] = spec['imageName'];
      return [
        {
          object,
          path: '/spec',
          pod,
          containers: [{ path: '/spec', container: main, init: false }],
          labels: labelsOf(obj(spec['inheritedMetadata']) ?? {}),
          complete: false,
          longRunning: true,
          operator: 'cloudnative-pg',
          ...(numberAt(spec['instances']) !== undefined ? { replicas: numberAt(spec['instances'])! } : {}),
        },
      ];
    }
    case 'postgresql.cnpg.io/Pooler':
      return fullPod(object, obj(spec['template']), '/spec/template', {
        longRunning: true,
        complete: false,
        operator: 'cloudnative-pg',
        ...(numberAt(spec['instances']) !== undefined ? { replicas: numberAt(spec['instances'])! } : {}),
      });
    case 'k8s.keycloak.org/Keycloak':
      return fullPod(object, obj(obj(spec['unsupported'])?.['podTemplate']), '/spec/unsupported/podTemplate', {
        longRunning: true,
        complete: false,
        operator: 'keycloak-operator',
      });
    case 'grafana.integreatly.org/Grafana':
      return fullPod(object, obj(obj(obj(spec['deployment'])?.['spec'])?.['template']), '/spec/deployment/spec/template', {
        longRunning: true,
        complete: false,
        operator: 'grafana-operator',
      });
    case 'monitoring.coreos.com/Prometheus':
    case 'monitoring.coreos.com/Alertmanager':
    case 'monitoring.rhobs/Prometheus':
    case 'monitoring.rhobs/Alertmanager': {
      const pod: Json = {};
      for (const key of ['securityContext', 'hostNetwork', 'volumes', 'serviceAccountName', 'affinity']) if (spec[key] !== undefined) pod[key] = spec[key];
      return [
        {
          object,
          path: '/spec',
          pod,
          containers: [...arr(spec['initContainers']).map((c, i) => ({ path: `/spec/initContainers/${i}`, container: c, init: true })), ...arr(spec['containers']).map((c, i) => ({ path: `/spec/containers/${i}`, container: c, init: false }))],
          labels: labelsOf(obj(spec['podMetadata']) ?? {}),
          complete: false,
          longRunning: true,
          operator: 'prometheus-operator',
          ...(numberAt(spec['replicas']) !== undefined ? { replicas: numberAt(spec['replicas'])! } : {}),
        },
      ];
    }
    default:
      return [];
  }
}

/**
 * What each operator enforces itself for the fields its CR does not expose; the policy docs list
 * the same facts. Shown in `check` output when an operator CR has no finding to explain why.
 */
export const OPERATOR_ENFORCES: Readonly<Record<string, string>> = {
  strimzi: 'Strimzi sets no UID (restricted-v2 assigns one on OpenShift); capabilities, privilege escalation and seccomp come from template.*Container.securityContext and template.pod.securityContext',
  'cloudnative-pg': 'CloudNativePG pods run non-root with allowPrivilegeEscalation false, capabilities drop ALL, seccomp RuntimeDefault and a read-only root filesystem by default',
  'flink-kubernetes-operator': 'the Flink operator merges podTemplate into the JobManager/TaskManager pods; fields not in the template keep the image defaults',
  'spark-operator': 'the Spark operator copies driver/executor securityContext and podSecurityContext to the pods it creates',
  'clickhouse-operator': 'the Altinity operator uses podTemplates verbatim and adds only its own labels and volumes',
  'minio-operator': 'the MinIO operator applies pools[].securityContext and containerSecurityContext to the Tenant StatefulSets',
  'keycloak-operator': 'the Keycloak operator runs the server non-root and merges unsupported.podTemplate',
  'grafana-operator': 'the Grafana operator merges deployment.spec into its Deployment',
  'prometheus-operator': 'the Prometheus operator sets a non-root pod securityContext unless spec.securityContext overrides it',
  'crunchy-pgo': 'Crunchy PGO runs every pod non-root with allowPrivilegeEscalation false, capabilities drop ALL and a read-only root filesystem; the CR exposes only resources and sidecars',
  'redis-operator': 'the redis-operator copies podSecurityContext, securityContext, hostPort and the initContainer, exporter and sidecar settings of the CR into its StatefulSet',
};
