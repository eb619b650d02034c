import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { kafkaOptions, type KafkaOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { kafkaClusterName, kafkaOperatorSecrets } from './access.ts';
import { KAFKA_METRICS, metricsConfigMap, strimziMetrics } from './metrics.ts';
import { kafkaAlerts } from './alerts.ts';
import { consumerLagAlert, kafkaExporterMetrics } from './exporter.ts';
import { nodePool, type PoolPlan } from './pools.ts';
import { KAFKA_BROKER_SIZING, KAFKA_CONTROLLER_SIZING, KAFKA_HEAP } from './sizing.ts';
import { STRIMZI_RELEASES, strimziKubernetesFloor, strimziOperator } from './strimzi.ts';
import { platformTopics } from './topics.ts';
import { kafkaCluster } from './cluster.ts';
import { kafkaChecks, kafkaDisruption, kafkaFootprint } from './checks.ts';
import { entityOperatorSelector, kafkaEgress, kafkaFlows, kafkaPods } from './network.ts';
import { kafkaUser, kafkaUsers } from './users.ts';

/** Pinned Kafka version of the default Strimzi release (the `app.kubernetes.io/version` label). */
export const KAFKA_VERSION = STRIMZI_RELEASES['1.2.0'].kafka;

/** The node pools for the profile: separate controllers and brokers, or combined nodes. */
export function planPools(ctx: BuildContext<KafkaOptions>): PoolPlan[] {
  const options = ctx.options();
  const roles = options.roles ?? (ctx.profile === 'production' ? 'separate' : 'dual-role');
  const broker = ctx.sizing(KAFKA_BROKER_SIZING);
  const brokerStorage = broker.storage ?? KAFKA_BROKER_SIZING[ctx.profile].storage!;
  if (roles === 'dual-role') {
    return [{ name: 'dual-role', roles: ['controller', 'broker'], sizing: { ...broker, storage: brokerStorage }, heap: KAFKA_HEAP.broker[ctx.profile] }];
  }
  const controller = ctx.sizingOf(KAFKA_CONTROLLER_SIZING);
  return [
    { name: 'controller', roles: ['controller'], sizing: { ...controller, storage: controller.storage! }, heap: KAFKA_HEAP.controller[ctx.profile] },
    { name: 'broker', roles: ['broker'], sizing: { ...broker, storage: brokerStorage }, heap: KAFKA_HEAP.broker[ctx.profile] },
  ];
}

function build(ctx: BuildContext<KafkaOptions>): ComponentBuild {
  const options = ctx.options();
  const cluster = kafkaClusterName(ctx);
  const pools = planPools(ctx);
  const brokers = pools.filter((p) => p.roles.includes('broker')).reduce((n, p) => n + p.sizing.replicas, 0);
  const metricsName = `${cluster}-metrics`;

  const eoSelector = entityOperatorSelector(cluster);
  const kafka = kafkaCluster(ctx, { cluster, brokers, metricsName, eoSelector });

  const users = kafkaUsers(ctx);
  const objects: KubeObject[] = [
    metricsConfigMap(ctx, { name: metricsName, kind: 'kafka', role: 'metrics' }),
    ...pools.map((plan) => nodePool(ctx, plan)),
    kafka,
    ...platformTopics(ctx, brokers),
    ...users.map((user) => kafkaUser(ctx, user)),
  ];

  const metrics = strimziMetrics({ name: cluster, namespace: ctx.namespace, selector: kafkaPods(cluster).nodes, metrics: KAFKA_METRICS });
  const exporter = kafkaExporterMetrics(ctx, cluster);
  const watch = [ctx.namespace];
  if (ctx.isEnabled('kafka-connect')) watch.push(ctx.namespaceOf('kafka-connect'));

  return {
    ...emptyBuild(),
    minKubernetesMinor: strimziKubernetesFloor(ctx.config),
    objects,
    flows: kafkaFlows(ctx, cluster),
    metrics: [metrics, exporter],
    alerts: [...kafkaAlerts(metrics, cluster), consumerLagAlert(exporter)],
    egress: kafkaEgress(ctx, cluster),
    secrets: kafkaOperatorSecrets(ctx, users),
    operators: [strimziOperator(ctx, { release: options.strimzi, watchNamespaces: watch })],
    disruption: kafkaDisruption(ctx, { cluster, pools }),
    // The first reconcile issues certificates and rolls every node; allow 900s.
    readiness: { timeoutSeconds: 900 },
    checks: kafkaChecks(ctx, { cluster, pools, users }),
    footprint: kafkaFootprint(ctx, pools),
  };
}

export const kafka: ComponentDefinition<KafkaOptions> = {
  name: 'kafka',
  title: 'Apache Kafka (Strimzi, KRaft)',
  tier: 'streaming',
  layer: 'control',
  phase: 'streaming',
  version: KAFKA_VERSION,
  enabledByDefault: true,
  options: kafkaOptions,
  build,
};

