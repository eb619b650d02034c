import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { redisAlerts, redisMetrics } from './metrics.ts';
import { redisOptions, type RedisOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { podPolicy, type PodPolicy } from '../../platform/pod-policy.ts';
import { claimSpec } from '../../platform/workload.ts';
import { redisAccess, redisName } from './access.ts';
import type { RedisEngine } from './options.ts';
import { REDIS_SIZING, SENTINEL_SIZING } from './sizing.ts';
import { consumerFlows } from '../../platform/consumers.ts';

/**
 * Server and Sentinel images per engine. The OT images carry the entrypoint the operator drives;
 * Valkey's official image keeps the `redis-server`/`redis-sentinel`/`redis-cli` names the operator calls.
 * @see https://github.com/OT-CONTAINER-KIT/redis
 * @see https://hub.docker.com/r/valkey/valkey
 */
export const REDIS_IMAGES: Record<RedisEngine, { server: string; sentinel: string; version: string }> = {
  redis: { server: 'quay.io/opstree/redis:v8.2.5', sentinel: 'quay.io/opstree/redis-sentinel:v8.2.5', version: '8.2.5' },
  valkey: { server: 'docker.io/valkey/valkey:8.1.11', sentinel: 'docker.io/valkey/valkey:8.1.11', version: '8.1.11' },
};
export const REDIS_EXPORTER_IMAGE = 'quay.io/opstree/redis-exporter:v1.48.0';
export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const EXPORTER_PORT = 9121;

/** The OT redis-operator (the seed's "Redis Operator"). */
export function redisOperator(engine: RedisEngine): OperatorRequirement {
  const gates = engine === 'valkey' ? { featureGates: { GenerateConfigInInitContainer: true } } : undefined;
  return {
    id: 'redis-operator',
    displayName: 'Redis Operator (OT-CONTAINER-KIT)',
    // Community catalog: the operator is not certified.
    olm: {
      package: 'redis-operator',
      channel: 'stable',
      source: 'community-operators',
      allNamespaces: true,
      // OLM has no Helm values: the same gate as the chart's `featureGates`, through the operator's env.
      ...(engine === 'valkey' ? { config: { env: [{ name: 'FEATURE_GATES', value: 'GenerateConfigInInitContainer=true' }] } } : {}),
    },
    kubernetes: {
      type: 'helm',
      repo: 'https://ot-container-kit.github.io/helm-charts/',
      chart: 'redis-operator',
      version: '0.26.1',
      namespace: 'redis-operator',
      ...(gates ? { values: gates } : {}),
      // The chart names the operator image in `redisOperator.imageName` (tag: `imageTag`, the chart's own).
      // @see https://github.com/OT-CONTAINER-KIT/helm-charts/blob/main/charts/redis-operator/values.yaml
      mirrorValues: (mirror) => ({ redisOperator: { imageName: mirror.repository('quay.io/opstree/redis-operator') } }),
    },
    crds: ['redis.redis.redis.opstreelabs.in', 'redisreplications.redis.redis.opstreelabs.in', 'redissentinels.redis.redis.opstreelabs.in', 'redisclusters.redis.redis.opstreelabs.in'],
    docs: 'https://redis-operator.opstree.dev/docs/installation/installation/',
  };
}

/** The pod policy of one set of OT operator pods, selected by the operator's `app` label. */
function redisPolicy(ctx: BuildContext<RedisOptions>, app: string, replicas: number): PodPolicy {
  // The OT image runs as UID 1000 with group-0 writable dirs: fixed UID on Kubernetes,
  // namespace-assigned UID on OpenShift restricted-v2.
  return podPolicy(ctx, { selector: { app }, replicas, antiAffinity: replicas > 1 ? 'required' : 'none', kubernetesUser: { runAsUser: 1000, fsGroup: 1000 } });
}

function build(ctx: BuildContext<RedisOptions>): ComponentBuild {
  const options = ctx.options();
  const engine = options.engine;
  const images = REDIS_IMAGES[engine];
  const sizing = ctx.sizing(REDIS_SIZING);
  const sentinelSizing = ctx.sizingOf(SENTINEL_SIZING);
  const sentinels = options.sentinels ?? sentinelSizing.replicas;
  const name = redisName(ctx);
  const sentinelName = `${name}-sentinel`;
  // The OT operator labels a RedisSentinel's pods `app: <cr name>-sentinel` (its StatefulSet's name).
  const sentinelApp = `${sentinelName}-sentinel`;
  const namespace = ctx.namespace;
  const access = redisAccess(ctx);
  const password = { name: access.secretName, key: access.passwordKey };
  const serverPolicy = redisPolicy(ctx, name, sizing.replicas);
  const sentinelPolicy = redisPolicy(ctx, sentinelApp, sentinels);

  const replication: KubeObject = {
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'RedisReplication',
    metadata: { name, namespace, labels: ctx.labels('server') },
    spec: {
      clusterSize: sizing.replicas,
      kubernetesConfig: {
        image: ctx.image(images.server, { main: true }),
        imagePullPolicy: 'IfNotPresent',
        ...serverPolicy.pullSecrets,
        resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
        redisSecret: password,
        updateStrategy: { type: 'RollingUpdate' },
      },
      redisConfig: { maxMemoryPercentOfLimit: 75 },
      storage: {
        keepAfterDelete: true,
        volumeClaimTemplate: { spec: claimSpec({ name: 'data', size: sizing.storage ?? '2Gi', storageClass: ctx.storageClass('fast') }) },
      },
      redisExporter: {
        enabled: true,
        image: ctx.image(REDIS_EXPORTER_IMAGE),
        imagePullPolicy: 'IfNotPresent',
        port: EXPORTER_PORT,
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        securityContext: serverPolicy.containerSecurityContext,
      },
      podSecurityContext: serverPolicy.securityContext,
      securityContext: serverPolicy.containerSecurityContext,
      ...(sizing.replicas > 1 ? { pdb: { enabled: true, maxUnavailable: 1 } } : {}),
      ...serverPolicy.scheduling,
    },
  };

  const sentinel: KubeObject = {
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'RedisSentinel',
    metadata: { name: sentinelName, namespace, labels: ctx.labels('sentinel') },
    spec: {
      clusterSize: sentinels,
      kubernetesConfig: {
        image: ctx.image(images.sentinel),
        imagePullPolicy: 'IfNotPresent',
        ...sentinelPolicy.pullSecrets,
        resources: { requests: { ...sentinelSizing.resources.requests }, limits: { ...sentinelSizing.resources.limits } },
        redisSecret: password,
      },
      redisSentinelConfig: {
        redisReplicationName: name,
        redisReplicationPassword: { secretKeyRef: password },
        masterGroupName: access.masterGroup,
        redisPort: String(REDIS_PORT),
        quorum: String(Math.floor(sentinels / 2) + 1),
        downAfterMilliseconds: '5000',
        failoverTimeout: '10000',
        parallelSyncs: '1',
      },
      podSecurityContext: sentinelPolicy.securityContext,
      securityContext: sentinelPolicy.containerSecurityContext,
      ...(sentinels > 1 ? { pdb: { enabled: true, maxUnavailable: 1 } } : {}),
      ...sentinelPolicy.scheduling,
    },
  };

  const secrets: SecretRequirement[] = [
    {
      name: access.secretName,
      namespace,
      source: 'generated',
      keys: [{ key: access.passwordKey, kind: 'password', length: 32 }],
      description: 'the Redis AUTH password (server, Sentinel and exporter)',
      consumers: ['redis'],
      valueGroup: 'redis',
    },
    // The password, in each consumer's namespace (`consumes: [{ component: 'redis' }]`, e.g. Superset).
    ...ctx.consumers.filter((c) => c.namespace !== namespace).map(({ consumer, namespace: consumerNamespace }) => ({
      name: access.secretName,
      namespace: consumerNamespace,
      source: 'generated' as const,
      keys: [{ key: access.passwordKey, kind: 'password' as const, length: 32 }],
      description: `the Redis password, in ${consumer}'s namespace`,
      consumers: [consumer],
      valueGroup: 'redis',
    })),
  ];

  const server = { 'app.kubernetes.io/component': 'server' };
  const sentinelPods = { 'app.kubernetes.io/component': 'sentinel' };
  const metrics = redisMetrics({ name, namespace, pods: { app: name }, podSelector: server, port: EXPORTER_PORT });
  return {
    ...emptyBuild(),
    metrics: [metrics],
    alerts: redisAlerts(metrics, name),
    objects: sentinels > 0 && sizing.replicas > 1 ? [replication, sentinel] : [replication],
    flows: [
      ...consumerFlows(ctx.consumers, { toSelector: server, ports: [{ port: REDIS_PORT, name: 'redis' }], describe: (c) => `${c} uses Redis as Celery broker and cache` }),
      { from: { kind: 'component', component: 'redis', selector: server }, toSelector: server, ports: [{ port: REDIS_PORT, name: 'redis' }], description: 'replicas follow the master' },
      { from: { kind: 'component', component: 'redis', selector: sentinelPods }, toSelector: server, ports: [{ port: REDIS_PORT, name: 'redis' }], description: 'Sentinels watch and reconfigure the servers' },
      { from: { kind: 'component', component: 'redis', selector: sentinelPods }, toSelector: sentinelPods, ports: [{ port: SENTINEL_PORT, name: 'sentinel' }], description: 'Sentinels agree on failover' },
      { from: { kind: 'operator', operator: 'redis-operator' }, ports: [{ port: REDIS_PORT, name: 'redis' }, { port: SENTINEL_PORT, name: 'sentinel' }], description: 'the operator sets up replication and asks Sentinel for the master' },
    ],
    secrets,
    operators: [redisOperator(engine)],
    // The operator renders the PodDisruptionBudgets (spec.pdb): never a second one (the eviction API refuses evictions for a pod two PDBs select).
    disruption: [
      { name, namespace, selector: { app: name }, replicas: sizing.replicas, operatorManaged: true },
      { name: sentinelName, namespace, selector: { app: sentinelApp }, replicas: sentinels, operatorManaged: true },
    ],
    checks: [
      { id: 'redis.replication', group: 'data', title: 'The Redis replication group is ready', probe: { type: 'pods-ready', namespace, selector: { app: name }, min: sizing.replicas } },
      ...(sizing.replicas > 1
        ? [{ id: 'redis.sentinel', group: 'data' as const, title: 'Redis Sentinels are ready', probe: { type: 'pods-ready' as const, namespace, selector: { app: sentinelApp }, min: sentinels } }]
        : []),
      {
        id: 'redis.ping',
        group: 'connectivity',
        title: 'Redis answers PING with the password',
        probe: { type: 'redis', endpoint: { namespace, service: `${name}-master`, port: REDIS_PORT }, password: { namespace, name: access.secretName, key: access.passwordKey } },
      },
    ],
    footprint: [
      { name: 'redis', namespace, replicas: sizing.replicas, resources: sizing.resources, storage: [{ tier: 'fast', size: sizing.storage ?? '2Gi' }], spreadRequired: sizing.replicas > 1, minAvailable: 1 },
      ...(sizing.replicas > 1
        ? [{ name: 'redis-sentinel', namespace, replicas: sentinels, resources: sentinelSizing.resources, spreadRequired: true, minAvailable: Math.floor(sentinels / 2) + 1 }]
        : []),
    ],
    warnings: [
      ...(engine === 'valkey' ? ['Valkey runs through the redis-operator alpha feature gate GenerateConfigInInitContainer (no native Valkey support yet)'] : []),
      ...(sizing.replicas < 2 ? ['a single Redis server has no failover (profile dev)'] : []),
    ],
  };
}

export const redis: ComponentDefinition<RedisOptions> = {
  name: 'redis',
  title: 'Redis (OT redis-operator, replication + Sentinel)',
  tier: 'catalog',
  layer: 'storage',
  phase: 'storage',
  version: REDIS_IMAGES.redis.version,
  enabledByDefault: true,
  options: redisOptions,
  build,
};
