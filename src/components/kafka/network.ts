import type { BuildContext } from '../../model/build-context.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { Labels } from '../../model/kube.ts';
import { consumerFlows } from '../../platform/consumers.ts';
import { KAFKA_PORT, STRIMZI_LABEL, STRIMZI_OPERATOR_ID } from './strimzi.ts';


/** The Strimzi labels of the cluster's brokers, controllers and every node. */
export function kafkaPods(cluster: string): { readonly brokers: Labels; readonly controllers: Labels; readonly nodes: Labels } {
  return {
    brokers: { [STRIMZI_LABEL.cluster]: cluster, 'strimzi.io/broker-role': 'true' },
    controllers: { [STRIMZI_LABEL.cluster]: cluster, 'strimzi.io/controller-role': 'true' },
    nodes: { [STRIMZI_LABEL.cluster]: cluster, [STRIMZI_LABEL.kind]: 'Kafka' },
  };
}

/** The entity operator's pods (Strimzi's own name label). */
export function entityOperatorSelector(cluster: string): Labels {
  return { [STRIMZI_LABEL.name]: `${cluster}-entity-operator` };
}

/** Who reaches the brokers, the KRaft quorum and the replication listener. */
export function kafkaFlows(ctx: BuildContext, cluster: string): Flow[] {
  const { brokers: brokerPods, controllers: controllerPods, nodes: nodePods } = kafkaPods(cluster);
  return [
    ...consumerFlows(ctx.consumers, {
      toSelector: brokerPods,
      ports: [
        { port: KAFKA_PORT.plain, name: 'plain' },
        { port: KAFKA_PORT.tls, name: 'tls' },
      ],
      describe: (c) => `${c} produces and consumes through the broker listeners`,
    }),
    {
      from: { kind: 'component', component: 'kafka' },
      toSelector: controllerPods,
      ports: [{ port: KAFKA_PORT.controlPlane, name: 'controlplane' }],
      description: 'brokers and controllers reach the KRaft quorum',
    },
    {
      from: { kind: 'component', component: 'kafka' },
      toSelector: nodePods,
      ports: [{ port: KAFKA_PORT.replication, name: 'replication' }],
      description: 'inter-broker replication; the entity operator manages topics and users',
    },
    {
      from: { kind: 'operator', operator: STRIMZI_OPERATOR_ID },
      toSelector: nodePods,
      ports: [
        { port: KAFKA_PORT.controlPlane, name: 'controlplane' },
        { port: KAFKA_PORT.replication, name: 'replication' },
        { port: KAFKA_PORT.agent, name: 'kafka-agent' },
      ],
      description: 'the Strimzi cluster operator administers the nodes and polls the Kafka agent',
    },
  ];
}

/** The entity operator (and, with rack awareness, every node) calls the API server. */
export function kafkaEgress(ctx: BuildContext, cluster: string): Egress[] {
  const eoSelector = entityOperatorSelector(cluster);
  const nodePods = kafkaPods(cluster).nodes;
  const egress: Egress[] = [
    {
      to: { kind: 'apiserver' },
      fromSelector: eoSelector,
      ports: [{ port: 443 }, { port: 6443 }],
      description: 'the topic and user operators reconcile KafkaTopics, KafkaUsers and user Secrets',
    },
  ];
  if (ctx.multiZone) {
    egress.push({
      to: { kind: 'apiserver' },
      fromSelector: nodePods,
      ports: [{ port: 443 }, { port: 6443 }],
      description: 'the rack-awareness init container reads its node\'s zone label',
    });
  }
  return egress;
}
