import type { KubeObject } from '../model/kube.ts';
import { kindsOf, type KindEntry } from './kind.ts';
import { conditionsOf, failed, num, progressing, ready, readyCondition, said, specOf, staleGeneration, statusOf, type ReadinessRule } from './readiness.ts';

/** Strimzi marks a spec it will never accept with these reasons; retrying will not help. */
const STRIMZI_FATAL = /InvalidResource|InvalidConfig|UnsupportedKafkaVersion|InvalidConfiguration/;
const strimzi = readyCondition({
  failWhen: (o) => {
    const notReady = conditionsOf(o).find((c) => (c.type === 'NotReady' || c.type === 'Ready') && c.status !== 'True' && STRIMZI_FATAL.test(c.reason ?? ''));
    return notReady ? failed(said(notReady, 'invalid resource')) : undefined;
  },
});

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

/** Strimzi deletes the volumes with the cluster only where a storage says `deleteClaim: true`. */
function deletesClaims(object: KubeObject): boolean {
  return JSON.stringify(object['spec'] ?? {}).includes('"deleteClaim":true');
}

/**
 * kafka.strimzi.io (Strimzi).
 * @see https://strimzi.io/docs/operators/latest/configuring.html
 */
export const STRIMZI_KINDS: readonly KindEntry[] = kindsOf('kafka.strimzi.io', [
  { kind: 'Kafka', readiness: strimzi, validated: true, holdsData: deletesClaims },
  { kind: 'KafkaNodePool', readiness: kafkaNodePool, validated: true, holdsData: deletesClaims },
  { kind: 'KafkaConnect', readiness: strimzi, validated: true },
  { kind: 'KafkaConnector', readiness: strimzi, validated: true },
  { kind: 'KafkaTopic', readiness: strimzi, validated: true },
  { kind: 'KafkaUser', readiness: strimzi, validated: true },
  { kind: 'KafkaMirrorMaker2', readiness: strimzi },
  { kind: 'KafkaBridge', readiness: strimzi },
]);
