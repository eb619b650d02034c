import type { BuildContext } from '../../model/build-context.ts';
import type { ComponentName } from '../../model/names.ts';
import type { KafkaAclOperation, KafkaAclRule } from '../../model/consumption.ts';
import type { KubeObject } from '../../model/kube.ts';
import { kafkaClusterName, kafkaUserName } from './access.ts';
import { STRIMZI_API, STRIMZI_LABEL } from './strimzi.ts';
import { probeTopic } from './topics.ts';

export { KAFKA_ACL_OPERATIONS as ACL_OPERATIONS, type KafkaAclOperation as AclOperation, type KafkaAclRule as AclRule } from '../../model/consumption.ts';

/** ACL rule builders for consumers' `kafkaUsers` declarations. */
export const literalTopic = (name: string, operations: KafkaAclOperation[]): KafkaAclRule => ({ resource: { type: 'topic', name, patternType: 'literal' }, operations });
export const prefixTopic = (name: string, operations: KafkaAclOperation[]): KafkaAclRule => ({ resource: { type: 'topic', name, patternType: 'prefix' }, operations });
export const prefixGroup = (name: string, operations: KafkaAclOperation[]): KafkaAclRule => ({ resource: { type: 'group', name, patternType: 'prefix' }, operations });
export const literalGroup = (name: string, operations: KafkaAclOperation[]): KafkaAclRule => ({ resource: { type: 'group', name, patternType: 'literal' }, operations });
export const prefixTransactionalId = (name: string, operations: KafkaAclOperation[]): KafkaAclRule => ({ resource: { type: 'transactionalId', name, patternType: 'prefix' }, operations });

/** The user `datalyptica validate` produces and consumes as; no pod of ours holds it. */
export const PROBE_USER = 'probe';

/** A KafkaUser the Kafka component issues: who asked for it (whose namespace its Secret must reach) and its ACLs. */
export interface KafkaUserPlan {
  readonly name: string;
  readonly component: ComponentName;
  readonly acls: readonly KafkaAclRule[];
}

/**
 * Every KafkaUser of this platform: one per identity the enabled consumers declare
 * (`consumes: [{ component: 'kafka', kafkaUsers: [...] }]`), in registry order, plus the probe.
 * No client gets cluster-level or wildcard rights unless it declares them.
 */
export function kafkaUsers(ctx: BuildContext): KafkaUserPlan[] {
  const declared = ctx.consumers.flatMap((c) => (c.kafkaUsers ?? []).map((user) => ({ name: user.name, component: c.consumer, acls: user.acls })));
  const topic = probeTopic(ctx);
  // `datalyptica validate` joins a throwaway group `<topic>-validate-<id>` and deletes it afterwards.
  return [...declared, { name: PROBE_USER, component: 'kafka', acls: [literalTopic(topic, ['Read', 'Write', 'Describe']), prefixGroup(topic, ['Read', 'Describe', 'Delete'])] }];
}

/** A KafkaUser with mTLS authentication and `simple` ACLs. */
export function kafkaUser(ctx: BuildContext, user: KafkaUserPlan): KubeObject {
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaUser',
    metadata: {
      name: kafkaUserName(ctx, user.name),
      namespace: ctx.namespaceOf('kafka'),
      labels: { ...ctx.labels(`user-${user.name}`), [STRIMZI_LABEL.cluster]: kafkaClusterName(ctx) },
    },
    spec: {
      authentication: { type: 'tls' },
      authorization: {
        type: 'simple',
        acls: user.acls.map((rule) => ({
          resource: { ...rule.resource },
          operations: [...rule.operations],
          host: '*',
          type: 'allow',
        })),
      },
    },
  };
}
