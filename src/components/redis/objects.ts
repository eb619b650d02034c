import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { Sizing } from '../../model/sizing.ts';
import { podPolicy, type PodPolicy } from '../../platform/pod-policy.ts';
import { claimSpec } from '../../platform/workload.ts';
import { redisAccess, redisName, type RedisAccess } from './access.ts';
import type { RedisEngine, RedisOptions } from './options.ts';
import { REDIS_SIZING, SENTINEL_SIZING } from './sizing.ts';

/**
 * Server and Sentinel images per engine. The OT images carry the entrypoint the operator drives;
 * Valkey's official image keeps the `redis-server`/`redis-sentinel`/`redis-cli` names the operator calls.
 * @see https://github.com/OT-CONTAINER-KIT/redis
 * @see https://hub.docker.com/r/valkey/valkey
 */
export const REDIS_IMAGES: Record<RedisEngine, { server: string; sentinel: string; version: string }> = {
  redis: { server: 'quay.io/opstree/redis:v8.2.9', sentinel: 'quay.io/opstree/redis-sentinel:v8.2.9', version: '8.2.9' },
  valkey: { server: 'docker.io/valkey/valkey:8.1.11', sentinel: 'docker.io/valkey/valkey:8.1.11', version: '8.1.11' },
};
export const REDIS_EXPORTER_IMAGE = 'quay.io/opstree/redis-exporter:v1.48.0';
export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const EXPORTER_PORT = 9121;
/** What the Redis objects and declarations share: engine, sizing, names and the password. */
export interface RedisPlan {
  readonly engine: RedisEngine;
  readonly images: (typeof REDIS_IMAGES)[RedisEngine];
  readonly sizing: Sizing;
  readonly sentinelSizing: Sizing;
  readonly sentinels: number;
  /** The RedisReplication's name; its pods are labelled `app: <name>`. */
  readonly name: string;
  readonly sentinelName: string;
  /** The `app` label of the Sentinel pods. */
  readonly sentinelApp: string;
  readonly namespace: string;
  readonly access: RedisAccess;
  readonly password: { readonly name: string; readonly key: string };
}

export function planRedis(ctx: BuildContext<RedisOptions>): RedisPlan {
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
  return { engine, images, sizing, sentinelSizing, sentinels, name, sentinelName, sentinelApp, namespace, access, password };
}

/** The pod policy of one set of OT operator pods, selected by the operator's `app` label. */
function redisPolicy(ctx: BuildContext<RedisOptions>, app: string, replicas: number): PodPolicy {
  // The OT image runs as UID 1000 with group-0 writable dirs: fixed UID on Kubernetes,
  // namespace-assigned UID on OpenShift restricted-v2.
  return podPolicy(ctx, { selector: { app }, replicas, antiAffinity: replicas > 1 ? 'required' : 'none', kubernetesUser: { runAsUser: 1000, fsGroup: 1000 } });
}

/** The RedisReplication: servers with the exporter sidecar, persistent volumes, the operator's PDB. */
export function replicationObject(ctx: BuildContext<RedisOptions>, plan: RedisPlan): KubeObject {
  const { images, sizing, name, namespace, password } = plan;
  const serverPolicy = redisPolicy(ctx, name, sizing.replicas);
  return {
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
}

/** The RedisSentinel watching the replication group, with a quorum of a majority. */
export function sentinelObject(ctx: BuildContext<RedisOptions>, plan: RedisPlan): KubeObject {
  const { images, sentinelSizing, sentinels, name, sentinelName, sentinelApp, namespace, access, password } = plan;
  const sentinelPolicy = redisPolicy(ctx, sentinelApp, sentinels);
  return {
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
}
