import type { BuildContext } from '../../model/build-context.ts';
import { FLINK_PORTS } from './versions.ts';

/** Where Flink keeps HA metadata, checkpoints and savepoints: one prefix in the warehouse bucket. */
export function flinkStatePaths(ctx: BuildContext): { ha: string; checkpoints: string; savepoints: string } {
  const root = `s3://${ctx.objectStorage.buckets.warehouse}/flink/${ctx.prefixed('flink')}`;
  return { ha: `${root}/ha`, checkpoints: `${root}/checkpoints`, savepoints: `${root}/savepoints` };
}

/**
 * `flinkConfiguration` of the session cluster. Kubernetes HA is on in every profile: the operator
 * rejects standby JobManagers without it, and state must live on shared durable storage, not a
 * RWO volume. Values are strings, as Flink's configuration is.
 * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/deployment/ha/kubernetes_ha/
 * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/deployment/filesystems/s3/
 */
export function flinkConfiguration(ctx: BuildContext, input: { slots: number; taskManagers: number }): Record<string, string> {
  const s3 = ctx.objectStorage;
  const paths = flinkStatePaths(ctx);
  return {
    'taskmanager.numberOfTaskSlots': String(input.slots),
    // Session clusters allocate TaskManagers on demand; keep the profile's count warm.
    'slotmanager.number-of-slots.min': String(input.slots * input.taskManagers),
    'high-availability.type': 'kubernetes',
    'high-availability.storageDir': paths.ha,
    'state.backend.type': 'rocksdb',
    'state.backend.incremental': 'true',
    'state.checkpoints.dir': paths.checkpoints,
    'state.savepoints.dir': paths.savepoints,
    'execution.checkpointing.interval': '60 s',
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    'restart-strategy.type': 'exponential-delay',
    // The Presto S3 plugin (forwarded as `presto.s3.*`) defaults to EC2 instance-profile credentials,
    // which take precedence over the default provider chain; off, it reads AWS_ACCESS_KEY_ID/
    // AWS_SECRET_ACCESS_KEY from the environment (the copied Secret) instead of the metadata service.
    's3.use-instance-credentials': 'false',
    's3.endpoint': s3.endpoint,
    's3.path.style.access': String(s3.pathStyle),
    'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
    'metrics.reporter.prom.port': String(FLINK_PORTS.metrics),
    // Fixed ports so NetworkPolicies can name them.
    'blob.server.port': String(FLINK_PORTS.blob),
    'taskmanager.rpc.port': String(FLINK_PORTS.taskManagerRpc),
    'taskmanager.data.port': String(FLINK_PORTS.taskManagerData),
    'kubernetes.rest-service.exposed.type': 'ClusterIP',
  };
}
