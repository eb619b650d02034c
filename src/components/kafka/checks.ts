import type { BuildContext } from '../../model/build-context.ts';
import type { DisruptionSpec } from '../../model/component.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import { formatBytes, formatCpu, parseQuantity } from '../../platform/quantity.ts';
import { resources } from '../../platform/sizing.ts';
import { kafkaAccess, kafkaUserName } from './access.ts';
import type { KafkaUserPlan } from './users.ts';
import { entityOperatorSelector } from './network.ts';
import { KAFKA_EXPORTER_RESOURCES } from './exporter.ts';
import type { KafkaOptions } from './options.ts';
import { poolSelector, type PoolPlan } from './pools.ts';
import { ENTITY_OPERATOR_SIZING } from './sizing.ts';
import { KAFKA_PORT, STRIMZI_API, STRIMZI_LABEL } from './strimzi.ts';
import { probeTopic } from './topics.ts';

function sumResources(a: PodFootprint['resources'], b: PodFootprint['resources']) {
  const cpu = (x: string, y: string) => formatCpu(parseQuantity(x) + parseQuantity(y));
  const mem = (x: string, y: string) => formatBytes(parseQuantity(x) + parseQuantity(y));
  return resources(
    cpu(a.requests.cpu, b.requests.cpu),
    mem(a.requests.memory, b.requests.memory),
    cpu(a.limits.cpu, b.limits.cpu),
    mem(a.limits.memory, b.limits.memory),
  );
}

/** Every pod set is guarded by Strimzi's own PDBs: the platform renders none. */
export function kafkaDisruption(ctx: BuildContext, input: { cluster: string; pools: readonly PoolPlan[] }): DisruptionSpec[] {
  const { cluster, pools } = input;
  const eoSelector = entityOperatorSelector(cluster);
  return [
    ...pools.map((plan) => ({ name: `${cluster}-${plan.name}`, namespace: ctx.namespace, selector: poolSelector(ctx, plan.name), replicas: plan.sizing.replicas, operatorManaged: true })),
    { name: `${cluster}-entity-operator`, namespace: ctx.namespace, selector: eoSelector, replicas: 1, operatorManaged: true },
  ];
}

/** Requests, limits and volumes of the node pools, the entity operator and the exporter. */
export function kafkaFootprint(ctx: BuildContext<KafkaOptions>, pools: readonly PoolPlan[]): PodFootprint[] {
  const entityOperator = ctx.sizingOf(ENTITY_OPERATOR_SIZING);
  return [
    ...pools.map(
      (plan): PodFootprint => ({
        name: `kafka-${plan.name}`,
        namespace: ctx.namespace,
        replicas: plan.sizing.replicas,
        resources: plan.sizing.resources,
        storage: [{ tier: 'fast', size: plan.sizing.storage }],
        spreadRequired: ctx.profile !== 'dev' && plan.sizing.replicas > 1,
        // Controllers need a Raft majority; brokers tolerate one loss at min ISR 2.
        minAvailable: plan.roles.includes('controller') ? Math.floor(plan.sizing.replicas / 2) + 1 : Math.max(1, plan.sizing.replicas - 1),
      }),
    ),
    { name: 'kafka-entity-operator', namespace: ctx.namespace, replicas: 1, resources: sumResources(entityOperator.resources, entityOperator.resources) },
    { name: 'kafka-exporter', namespace: ctx.namespace, replicas: 1, resources: KAFKA_EXPORTER_RESOURCES },
  ];
}

/** Live checks: the cluster and its pools ready, volumes bound, users issued, a message round trip. */
export function kafkaChecks(ctx: BuildContext, input: { cluster: string; pools: readonly PoolPlan[]; users: readonly KafkaUserPlan[] }): LiveCheck[] {
  const { cluster, pools, users } = input;
  const eoSelector = entityOperatorSelector(cluster);
  const ref = (kind: string, name: string) => ({ apiVersion: STRIMZI_API, kind, name, namespace: ctx.namespace });
  const probe = kafkaAccess(ctx, 'probe');
  return [
    { id: 'kafka.ready', group: 'control', title: `Kafka cluster ${cluster} is Ready`, probe: { type: 'object-ready', ref: ref('Kafka', cluster) }, timeoutSeconds: 60 },
    ...pools.map(
      (plan): LiveCheck => ({
        id: `kafka.pool.${plan.name}`,
        group: 'control',
        title: `Kafka node pool ${plan.name}: all ${plan.sizing.replicas} nodes ready`,
        probe: { type: 'pods-ready', namespace: ctx.namespace, selector: poolSelector(ctx, plan.name), min: plan.sizing.replicas },
      }),
    ),
    { id: 'kafka.storage', group: 'storage', title: 'Kafka volumes are bound', probe: { type: 'pvcs-bound', namespace: ctx.namespace, selector: { [STRIMZI_LABEL.cluster]: cluster } } },
    { id: 'kafka.entity-operator', group: 'control', title: 'Kafka topic and user operators are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: eoSelector, min: 1 } },
    ...users.map(
      (user): LiveCheck => ({
        id: `kafka.user.${user.name}`,
        group: 'control',
        title: `KafkaUser ${kafkaUserName(ctx, user.name)} is Ready (certificate issued, ACLs applied)`,
        probe: { type: 'object-ready', ref: ref('KafkaUser', kafkaUserName(ctx, user.name)) },
      }),
    ),
    {
      id: 'kafka.roundtrip',
      group: 'connectivity',
      title: 'a message produced over mTLS is consumed back',
      probe: {
        type: 'kafka',
        endpoint: { namespace: ctx.namespace, service: probe.bootstrapService, port: KAFKA_PORT.tls },
        topic: probeTopic(ctx),
        tls: { userSecret: probe.userSecret, caSecret: probe.caSecret, namespace: ctx.namespace },
      },
      timeoutSeconds: 60,
    },
  ];
}
