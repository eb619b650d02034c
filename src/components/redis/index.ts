import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { redisAlerts, redisMetrics } from './metrics.ts';
import { redisOptions, type RedisOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import { consumerFlows } from '../../platform/consumers.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import type { RedisEngine } from './options.ts';
import { redisChecks, redisDisruption, redisFootprint } from './checks.ts';
import { EXPORTER_PORT, planRedis, REDIS_IMAGES, REDIS_PORT, replicationObject, SENTINEL_PORT, sentinelObject } from './objects.ts';

export { EXPORTER_PORT, REDIS_EXPORTER_IMAGE, REDIS_IMAGES, REDIS_PORT, SENTINEL_PORT } from './objects.ts';

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
    // Chart 0.26.1 runs appVersion 0.26.0 as `v0.26.0`, for the operator and for the init container
    // it adds to Redis pods (`initContainerImageTag`); the Redis, Sentinel and exporter images are ours.
    // @see https://github.com/OT-CONTAINER-KIT/redis-operator/blob/main/charts/redis-operator/values.yaml
    images: ['quay.io/opstree/redis-operator:v0.26.0'],
    crds: ['redis.redis.redis.opstreelabs.in', 'redisreplications.redis.redis.opstreelabs.in', 'redissentinels.redis.redis.opstreelabs.in', 'redisclusters.redis.redis.opstreelabs.in'],
    docs: 'https://redis-operator.opstree.dev/docs/installation/installation/',
  };
}

function build(ctx: BuildContext<RedisOptions>): ComponentBuild {
  const plan = planRedis(ctx);
  const { engine, sizing, sentinels, name, namespace, access } = plan;
  const replication = replicationObject(ctx, plan);
  const sentinel = sentinelObject(ctx, plan);

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
    disruption: redisDisruption(plan),
    checks: redisChecks(plan),
    footprint: redisFootprint(plan),
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
