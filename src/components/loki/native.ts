import { stringify } from 'yaml';
import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { checksum, configMap, container, declaredStatefulSet, httpProbes, service, serviceAccount, type DeclaredWorkload } from '../../platform/workload.ts';
import { LOKI_HTTP_PORT, LOKI_SERVICE } from './endpoint.ts';
import type { LokiOptions } from './options.ts';
import { LOKI_SIZING } from './sizing.ts';

/** @see https://grafana.com/docs/loki/latest/setup/install/docker/ */
export const LOKI_IMAGE = 'docker.io/grafana/loki:3.7.4';
export const LOKI_GRPC_PORT = 9095;
export const LOKI_MEMBERLIST_PORT = 7946;
/** The bucket Loki's chunks and TSDB index go to (its objects sit under `fake/` and `index/`). */
export const LOKI_BUCKET = 'apps' as const;
const DATA_DIR = '/var/loki';

/**
 * Loki's config for the monolithic (`-target=all`) mode: every replica runs every component, joined
 * through memberlist; chunks and the TSDB index in S3, retention by the compactor. S3 keys come from
 * the environment (`-config.expand-env`).
 * @see https://grafana.com/docs/loki/latest/configure/
 * @see https://grafana.com/docs/loki/latest/operations/storage/retention/
 */
export function lokiConfig(ctx: BuildContext<LokiOptions>, input: { replicas: number; retentionDays: number; caFile?: string }): string {
  const s3 = ctx.objectStorage;
  const memberlist = ctx.serviceHost(`${LOKI_SERVICE}-memberlist`);
  const config = {
    auth_enabled: false,
    server: { http_listen_port: LOKI_HTTP_PORT, grpc_listen_port: LOKI_GRPC_PORT, log_level: 'info' },
    common: {
      path_prefix: DATA_DIR,
      replication_factor: Math.min(input.replicas, 3),
      ring: { kvstore: { store: 'memberlist' } },
      storage: {
        s3: {
          endpoint: s3.endpoint,
          bucketnames: s3.buckets[LOKI_BUCKET],
          region: s3.region,
          access_key_id: '${S3_ACCESS_KEY_ID}',
          secret_access_key: '${S3_SECRET_ACCESS_KEY}',
          s3forcepathstyle: s3.pathStyle,
          ...(input.caFile ? { http_config: { ca_file: input.caFile } } : {}),
        },
      },
    },
    memberlist: { join_members: [`${memberlist}:${LOKI_MEMBERLIST_PORT}`], bind_port: LOKI_MEMBERLIST_PORT },
    schema_config: { configs: [{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
    limits_config: { retention_period: `${input.retentionDays * 24}h`, reject_old_samples: true, reject_old_samples_max_age: '168h', volume_enabled: true },
    compactor: { working_directory: `${DATA_DIR}/compactor`, retention_enabled: true, delete_request_store: 's3' },
    analytics: { reporting_enabled: false },
  };
  return stringify(config, { lineWidth: 0 });
}

/** The native render's objects, with the workload and Services its declarations are derived from. */
export interface NativeLoki {
  readonly objects: KubeObject[];
  readonly secrets: SecretRequirement[];
  readonly workload: DeclaredWorkload;
  /** The client Service (HTTP API and gRPC). */
  readonly api: KubeObject;
  /** The headless memberlist Service (gossip, the StatefulSet's governing Service). */
  readonly memberlist: KubeObject;
}

/** The native render: a StatefulSet (WAL on a volume), its client and memberlist Services, config. */
export function nativeLoki(ctx: BuildContext<LokiOptions>, retentionDays: number): NativeLoki {
  const sizing = ctx.sizing(LOKI_SIZING);
  const s3 = ctx.objectStorage;
  const creds = s3.credentials(LOKI_BUCKET);
  const trust = s3.consumerTrust(ctx.namespace, 'loki');
  const text = lokiConfig(ctx, { replicas: sizing.replicas, retentionDays, ...(trust ? { caFile: trust.caFile } : {}) });
  const name = LOKI_SERVICE;
  const workload = declaredStatefulSet(ctx, {
    name,
    replicas: sizing.replicas,
    resources: sizing.resources,
    storage: [{ tier: 'standard', size: sizing.storage ?? '10Gi' }],
    // Replication factor 3 keeps writes going with one ingester down (quorum 2).
    minAvailable: sizing.replicas > 1 ? 2 : 1,
    serviceName: `${name}-memberlist`,
    podAnnotations: { 'datalyptica.io/config-checksum': checksum(text) },
    volumeClaims: [{ name: 'data', size: sizing.storage ?? '10Gi', storageClass: ctx.storageClass('standard') }],
    pod: {
      serviceAccountName: name,
      // The image's user is loki (UID 10001).
      kubernetesUser: { runAsUser: 10001, fsGroup: 10001 },
      terminationGracePeriodSeconds: 300,
      containers: [
        container({
          name,
          image: ctx.image(LOKI_IMAGE, { main: true }),
          resources: sizing.resources,
          args: ['-config.file=/etc/loki/config.yaml', '-config.expand-env=true', '-target=all'],
          ports: [
            { name: 'http', containerPort: LOKI_HTTP_PORT },
            { name: 'grpc', containerPort: LOKI_GRPC_PORT },
            { name: 'memberlist', containerPort: LOKI_MEMBERLIST_PORT },
          ],
          secretEnv: [
            { name: 'S3_ACCESS_KEY_ID', secret: creds.secretName, key: creds.accessKeyKey },
            { name: 'S3_SECRET_ACCESS_KEY', secret: creds.secretName, key: creds.secretKeyKey },
          ],
          probes: httpProbes({ path: '/ready', port: 'http' }, { startupSeconds: 300 }),
          volumeMounts: [
            { name: 'config', mountPath: '/etc/loki', readOnly: true },
            { name: 'data', mountPath: DATA_DIR },
            { name: 'tmp', mountPath: '/tmp' },
            ...(trust ? [trust.volumeMount] : []),
          ],
          readOnlyRootFilesystem: true,
        }),
      ],
      volumes: [{ name: 'config', configMap: { name: `${name}-config` } }, { name: 'tmp', emptyDir: {} }, ...(trust ? [trust.volume] : [])],
    },
  });
  const api = service(ctx, { name, ports: [{ name: 'http', port: LOKI_HTTP_PORT, targetPort: 'http' }, { name: 'grpc', port: LOKI_GRPC_PORT, targetPort: 'grpc' }] });
  const memberlist = service(ctx, { name: `${name}-memberlist`, headless: true, publishNotReadyAddresses: true, ports: [{ name: 'memberlist', port: LOKI_MEMBERLIST_PORT, targetPort: 'memberlist' }] });
  const objects = [serviceAccount(ctx, name), configMap(ctx, `${name}-config`, { 'config.yaml': text }), api, memberlist, workload.object];
  return { objects, secrets: [s3.consumerSecret(ctx.namespace, 'loki', LOKI_BUCKET), ...(trust?.secrets ?? [])], workload, api, memberlist };
}
