import type { KubeObject, Labels } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import type { Sizing } from '../../platform/sizing.ts';
import { kafkaClusterName } from './access.ts';
import { STRIMZI_API, STRIMZI_LABEL } from './strimzi.ts';
import { strimziPodTemplate } from './template.ts';

export const KRAFT_ROLES = ['controller', 'broker'] as const;
export type KraftRole = (typeof KRAFT_ROLES)[number];

/** One KafkaNodePool as the component plans it. */
export interface PoolPlan {
  /** Pool name; pods are `<cluster>-<pool>-<id>`. */
  readonly name: 'controller' | 'broker' | 'dual-role';
  readonly roles: readonly KraftRole[];
  readonly sizing: Sizing & { readonly storage: string };
  readonly heap: string;
}

/** Labels that select exactly one pool's pods. */
export function poolSelector(ctx: BuildContext, pool: string): Labels {
  return { [STRIMZI_LABEL.cluster]: kafkaClusterName(ctx), [STRIMZI_LABEL.poolName]: pool };
}

/**
 * A KafkaNodePool: KRaft roles, replicas, resources, heap, and JBOD persistent storage on the
 * fast tier (one volume that also holds the KRaft metadata log). Claims survive the pool's
 * deletion (`deleteClaim: false`): uninstall keeps data unless told to purge it.
 * @see https://strimzi.io/docs/operators/latest/deploying#config-node-pools-str
 */
export function nodePool(ctx: BuildContext, plan: PoolPlan): KubeObject {
  const volume: Record<string, unknown> = {
    id: 0,
    type: 'persistent-claim',
    size: plan.sizing.storage,
    deleteClaim: false,
    kraftMetadata: 'shared',
  };
  const storageClass = ctx.storageClass('fast');
  if (storageClass !== undefined) volume['class'] = storageClass;
  const replicas = plan.sizing.replicas;
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaNodePool',
    metadata: {
      name: plan.name,
      namespace: ctx.namespace,
      labels: { ...ctx.labels(plan.name), [STRIMZI_LABEL.cluster]: kafkaClusterName(ctx) },
    },
    spec: {
      replicas,
      roles: [...plan.roles],
      resources: { requests: { ...plan.sizing.resources.requests }, limits: { ...plan.sizing.resources.limits } },
      jvmOptions: { '-Xms': plan.heap, '-Xmx': plan.heap },
      storage: { type: 'jbod', volumes: [volume] },
      template: {
        pod: strimziPodTemplate(ctx, {
          role: plan.name,
          selector: poolSelector(ctx, plan.name),
          replicas,
          // A quorum member per node; dev clusters may have one node only.
          antiAffinity: ctx.profile === 'dev' ? 'preferred' : 'required',
        }),
      },
    },
  };
}
