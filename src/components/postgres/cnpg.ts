import type { KubeObject } from '../../model/kube.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { parseQuantity } from '../../platform/quantity.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import type { Sizing } from '../../platform/sizing.ts';
import { postgresClusterName } from './access.ts';
import { roleSecretName } from './credentials.ts';
import type { PostgresOptions } from './options.ts';

/**
 * CloudNativePG operand image: PostgreSQL 17 on Debian trixie, `standard` flavour (no Barman
 * Cloud inside: backups go through the plugin's sidecar).
 * @see https://github.com/cloudnative-pg/postgres-containers
 */
export const CNPG_POSTGRES_IMAGE = 'ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie';
/**
 * The PgBouncer image of the Pooler: the 1.30.0 operator's `DefaultPgbouncerImage`, rendered in
 * the Pooler's pod template so that it is listed, pinned and pointed at a mirror like every image
 * (left out, the operator would pull its default from ghcr.io even with `images.registry`).
 * @see https://github.com/cloudnative-pg/cloudnative-pg/blob/v1.30.0/pkg/versions/versions.go
 * @see https://cloudnative-pg.io/documentation/current/connection_pooling/#pod-templates
 */
export const CNPG_PGBOUNCER_IMAGE = 'ghcr.io/cloudnative-pg/pgbouncer:1.25.1';
/** The Barman Cloud plugin's registered name, as the Cluster and ScheduledBackup reference it. */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';
/** CNPG instance manager status port (operator → instance). */
export const CNPG_STATUS_PORT = 8000;
export const CNPG_METRICS_PORT = 9187;
export const PGBOUNCER_METRICS_PORT = 9127;
export const POSTGRES_PORT = 5432;

/** The CloudNativePG operator and its Barman Cloud plugin. */
export const CNPG_OPERATOR: OperatorRequirement = {
  id: 'cloudnative-pg',
  displayName: 'CloudNativePG',
  // The certified operator (Red Hat certified catalog), cluster-wide as OLM installs it.
  olm: { package: 'cloudnative-pg', channel: 'stable-v1', source: 'certified-operators', allNamespaces: true },
  kubernetes: {
    type: 'helm',
    repo: 'https://cloudnative-pg.github.io/charts',
    chart: 'cloudnative-pg',
    version: '0.29.0',
    namespace: 'cnpg-system',
    // The chart's `image.repository` (tag: the chart's appVersion).
    // @see https://github.com/cloudnative-pg/charts/blob/main/charts/cloudnative-pg/values.yaml
    mirrorValues: (mirror) => ({ image: { repository: mirror.repository('ghcr.io/cloudnative-pg/cloudnative-pg') } }),
  },
  // Chart 0.29.0 runs appVersion 1.30.0; the operator also runs its own image as the instance pods'
  // bootstrap init container. PostgreSQL and PgBouncer images are named in the render.
  // @see https://github.com/cloudnative-pg/charts/blob/cloudnative-pg-v0.29.0/charts/cloudnative-pg/Chart.yaml
  images: ['ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0'],
  crds: [
    'clusters.postgresql.cnpg.io',
    'poolers.postgresql.cnpg.io',
    'databases.postgresql.cnpg.io',
    'scheduledbackups.postgresql.cnpg.io',
    'backups.postgresql.cnpg.io',
  ],
  docs: 'https://cloudnative-pg.io/documentation/current/installation_upgrade/',
  companions: [
    {
      id: 'plugin-barman-cloud',
      displayName: 'Barman Cloud Plugin for CloudNativePG',
      // No OLM package exists (plugin-barman-cloud#418, #554): the release manifest on both targets,
      // in the operator's namespace, which the plugin requires.
      install: {
        type: 'manifest',
        url: 'https://github.com/cloudnative-pg/plugin-barman-cloud/releases/download/v0.14.0/manifest.yaml',
        version: '0.14.0',
      },
      images: ['ghcr.io/cloudnative-pg/plugin-barman-cloud:v0.14.0', 'ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.14.0'],
      requires: ['cert-manager'],
      crds: ['objectstores.barmancloud.cnpg.io'],
      docs: 'https://cloudnative-pg.io/plugin-barman-cloud/docs/installation/',
    },
  ],
};

export interface CnpgInput {
  readonly options: PostgresOptions;
  readonly sizing: Sizing;
  readonly pooler: Sizing;
  /** Consumers that get a managed role and a Database CR (the bootstrap owner excluded). */
  readonly consumers: readonly string[];
  /** Owner and database created by `initdb` (the platform's own `datalyptica`), when declared. */
  readonly bootstrapOwner: string | undefined;
  /** Roles that need the REPLICATION attribute (declared by the component that streams changes). */
  readonly replicationRoles: ReadonlySet<string>;
}

/** Names of the CNPG objects, shared by the build, its flows and its checks. */
export function cnpgNames(ctx: BuildContext) {
  const cluster = postgresClusterName(ctx);
  return { cluster, pooler: `${cluster}-pooler-rw`, objectStore: `${cluster}-backups`, scheduledBackup: `${cluster}-daily` };
}

/** Labels CNPG puts on instance pods, for flows and checks. */
export function cnpgInstanceSelector(ctx: BuildContext): Record<string, string> {
  return { 'cnpg.io/cluster': cnpgNames(ctx).cluster, 'cnpg.io/podRole': 'instance' };
}

export function cnpgPoolerSelector(ctx: BuildContext): Record<string, string> {
  return { 'cnpg.io/poolerName': cnpgNames(ctx).pooler };
}

function clusterObject(ctx: BuildContext, input: CnpgInput): KubeObject {
  const names = cnpgNames(ctx);
  const { sizing, options } = input;
  // Required when there is more than one instance: two on one node is no HA.
  const policy = podPolicy(ctx, { selector: cnpgInstanceSelector(ctx), replicas: sizing.replicas, antiAffinity: sizing.replicas > 1 ? 'required' : 'preferred' });
  const spec: Record<string, unknown> = {
    instances: sizing.replicas,
    imageName: ctx.image(CNPG_POSTGRES_IMAGE, { main: true }),
    primaryUpdateStrategy: 'unsupervised',
    enableSuperuserAccess: false,
    // Every pod CNPG creates carries the component label NetworkPolicies select on.
    inheritedMetadata: { labels: ctx.selector() },
    postgresql: {
      parameters: {
        max_connections: '400',
        // A quarter of the guaranteed memory, the usual starting point.
        shared_buffers: `${Math.floor(parseQuantity(sizing.resources.requests.memory) / 4 / 2 ** 20)}MB`,
        'pg_stat_statements.max': '10000',
        'pg_stat_statements.track': 'all',
        log_min_duration_statement: '1000',
      },
    },
    storage: { size: sizing.storage ?? '10Gi', ...(ctx.storageClass('fast') ? { storageClass: ctx.storageClass('fast') } : {}) },
    resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
    affinity: policy.cnpgAffinity,
    ...policy.zoneSpread,
  };
  if (input.bootstrapOwner !== undefined) {
    spec['bootstrap'] = {
      initdb: {
        database: input.bootstrapOwner,
        owner: input.bootstrapOwner,
        secret: { name: roleSecretName(ctx, 'cnpg', input.bootstrapOwner) },
        dataChecksums: true,
      },
    };
  }
  spec['managed'] = {
    roles: input.consumers.map((consumer) => ({
      name: consumer,
      ensure: 'present',
      login: true,
      inherit: true,
      connectionLimit: -1,
      ...(input.replicationRoles.has(consumer) ? { replication: true } : {}),
      passwordSecret: { name: roleSecretName(ctx, 'cnpg', consumer) },
      comment: `${consumer} (managed by Datalyptica)`,
    })),
  };
  if (options.backups.enabled) {
    spec['plugins'] = [{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: names.objectStore } }];
    // A CA only in a ConfigMap (the OpenShift service CA): `endpointCA` takes a Secret only, so
    // project it under /projected, which the plugin's sidecar mounts like the postgres container.
    const trust = ctx.objectStorage.consumerTrust(ctx.namespace, 'postgres');
    if (trust && trust.secretKeyRef === undefined) spec['projectedVolumeTemplate'] = { sources: [trust.projection(CNPG_S3_CA_PATH)] };
  }
  Object.assign(spec, policy.pullSecrets);
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: names.cluster, namespace: ctx.namespace, labels: ctx.labels() },
    spec,
  };
}

function databaseObject(ctx: BuildContext, consumer: string): KubeObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Database',
    metadata: { name: `${cnpgNames(ctx).cluster}-${consumer}`, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      name: consumer,
      owner: consumer,
      cluster: { name: cnpgNames(ctx).cluster },
      ensure: 'present',
      // Removing a consumer from the list must never drop its data.
      databaseReclaimPolicy: 'retain',
    },
  };
}

function poolerObject(ctx: BuildContext, input: CnpgInput): KubeObject {
  const names = cnpgNames(ctx);
  const replicas = input.options.poolerInstances ?? input.pooler.replicas;
  const policy = podPolicy(ctx, { selector: cnpgPoolerSelector(ctx), replicas });
  const podSpec: Record<string, unknown> = {
    securityContext: policy.securityContext,
    containers: [
      {
        name: 'pgbouncer',
        image: ctx.image(CNPG_PGBOUNCER_IMAGE),
        resources: { requests: { ...input.pooler.resources.requests }, limits: { ...input.pooler.resources.limits } },
        securityContext: policy.readOnlyContainerSecurityContext,
      },
    ],
    ...policy.scheduling,
  };
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Pooler',
    metadata: { name: names.pooler, namespace: ctx.namespace, labels: ctx.labels('pooler') },
    spec: {
      cluster: { name: names.cluster },
      instances: replicas,
      type: 'rw',
      pgbouncer: {
        // Session pooling: Keycloak's Liquibase locks and JDBC prepared statements need it.
        poolMode: 'session',
        parameters: { max_client_conn: '1000', default_pool_size: '50' },
      },
      template: { metadata: { labels: ctx.selector('pooler') }, spec: podSpec },
    },
  };
}

/** Where the S3 CA lands in CNPG's projected volume (mounted at `/projected`). */
const CNPG_S3_CA_PATH = 'datalyptica/s3-ca.crt';

function objectStoreObject(ctx: BuildContext, input: CnpgInput): KubeObject {
  const s3 = ctx.objectStorage;
  // With ODF each bucket has its own claim and keys: the backups bucket's, not the warehouse's.
  const creds = s3.credentials('backups');
  const trust = s3.consumerTrust(ctx.namespace, 'postgres');
  const sidecarEnv = [{ name: 'AWS_DEFAULT_REGION', value: s3.region }];
  // The plugin runs barman-cloud (boto3) with the sidecar's environment: AWS_CA_BUNDLE reaches it
  // unless `endpointCA` is set, which the plugin turns into its own AWS_CA_BUNDLE.
  // @see https://cloudnative-pg.io/plugin-barman-cloud/docs/object_stores/#using-object-storage-with-a-private-ca
  if (trust && trust.secretKeyRef === undefined) sidecarEnv.push({ name: 'AWS_CA_BUNDLE', value: `/projected/${CNPG_S3_CA_PATH}` });
  return {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: cnpgNames(ctx).objectStore, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      retentionPolicy: input.options.backups.retention,
      configuration: {
        // The server name (the cluster's) is appended by the plugin.
        destinationPath: `s3://${s3.buckets.backups}/postgres`,
        endpointURL: s3.endpoint,
        ...(trust?.secretKeyRef ? { endpointCA: { ...trust.secretKeyRef } } : {}),
        s3Credentials: {
          accessKeyId: { name: creds.secretName, key: creds.accessKeyKey },
          secretAccessKey: { name: creds.secretName, key: creds.secretKeyKey },
        },
        wal: { compression: 'gzip', maxParallel: 4 },
        data: { compression: 'gzip', jobs: 2 },
      },
      instanceSidecarConfiguration: {
        env: sidecarEnv,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      },
    },
  };
}

function scheduledBackupObject(ctx: BuildContext, input: CnpgInput): KubeObject {
  const names = cnpgNames(ctx);
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: names.scheduledBackup, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      schedule: input.options.backups.schedule,
      cluster: { name: names.cluster },
      method: 'plugin',
      pluginConfiguration: { name: BARMAN_PLUGIN },
      backupOwnerReference: 'self',
      // A first base backup right away: WAL archiving is useless for recovery without one.
      immediate: true,
    },
  };
}

/** Every CloudNativePG object: Cluster, Databases, Pooler and, with backups, ObjectStore + ScheduledBackup. */
export function cnpgObjects(ctx: BuildContext, input: CnpgInput): KubeObject[] {
  const objects = [clusterObject(ctx, input), ...input.consumers.map((c) => databaseObject(ctx, c)), poolerObject(ctx, input)];
  if (input.options.backups.enabled) objects.push(objectStoreObject(ctx, input), scheduledBackupObject(ctx, input));
  return objects;
}
