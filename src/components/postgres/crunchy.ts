import type { KubeObject } from '../../model/kube.ts';
import type { ImageMirror, OperatorRequirement } from '../../model/operator.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import type { Sizing } from '../../platform/sizing.ts';
import { claimSpec } from '../../platform/workload.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { postgresClusterName } from './access.ts';
import type { PostgresOptions } from './options.ts';

/** The pinned PGO release (operator and its `pgo` Helm chart share the version). */
export const PGO_VERSION = '5.8.9';
const CRUNCHY_REGISTRY = 'registry.developers.crunchydata.com/crunchydata';
/** Tag suffix of the operand images PGO 5.8.9 names (the Crunchy image build of that release). */
const PGO_BUILD = '2633';

/**
 * The images PGO 5.8.9 runs when the PostgresCluster names none (its manager's `RELATED_IMAGE_*`
 * settings, the chart's `relatedImages`), keyed by the chart's `relatedImages` key. The collector
 * is the operator image itself.
 * @see https://github.com/CrunchyData/postgres-operator/blob/v5.8.9/config/manager/manager.yaml
 */
export const PGO_IMAGES = {
  operator: `${CRUNCHY_REGISTRY}/postgres-operator:ubi9-${PGO_VERSION}-0`,
  postgres_15: `${CRUNCHY_REGISTRY}/crunchy-postgres:ubi9-15.19-${PGO_BUILD}`,
  postgres_16: `${CRUNCHY_REGISTRY}/crunchy-postgres:ubi9-16.15-${PGO_BUILD}`,
  postgres_17: `${CRUNCHY_REGISTRY}/crunchy-postgres:ubi9-17.11-${PGO_BUILD}`,
  postgres_18: `${CRUNCHY_REGISTRY}/crunchy-postgres:ubi9-18.6-${PGO_BUILD}`,
  pgbackrest: `${CRUNCHY_REGISTRY}/crunchy-pgbackrest:ubi9-2.59.0-${PGO_BUILD}`,
  pgbouncer: `${CRUNCHY_REGISTRY}/crunchy-pgbouncer:ubi9-1.25-${PGO_BUILD}`,
  pgexporter: `${CRUNCHY_REGISTRY}/crunchy-postgres-exporter:ubi9-0.19.1-${PGO_BUILD}`,
} as const;

/** What PGO pulls for our PostgresCluster: the PostgreSQL image of the major `postgresVersion` picks (each supported one is listed, for mirroring), and pgBackRest, PgBouncer and the exporter, which the render always turns on. */
const PULLED = ['postgres_15', 'postgres_16', 'postgres_17', 'postgres_18', 'pgbackrest', 'pgbouncer', 'pgexporter'] as const;

/** `repo:tag` → the mirror's `repo:tag` (the chart's related images are whole references, not a repository key). */
function mirrored(mirror: ImageMirror, image: string): string {
  const at = image.lastIndexOf(':');
  return `${mirror.repository(image.slice(0, at))}${image.slice(at)}`;
}

/**
 * Crunchy Postgres for Kubernetes (PGO v5 API, `v1beta1`). On Kubernetes the `pgo` chart; with a
 * mirror, its `controllerImages` and `relatedImages` point there (PGO picks the operand images
 * from them, the PostgresCluster names none).
 * @see https://access.crunchydata.com/documentation/postgres-operator/latest/installation/helm
 */
export const CRUNCHY_OPERATOR: OperatorRequirement = {
  id: 'crunchy-postgres-operator',
  displayName: 'Crunchy Postgres for Kubernetes',
  olm: { package: 'crunchy-postgres-operator', channel: 'v5', source: 'certified-operators', allNamespaces: true },
  kubernetes: {
    type: 'helm',
    repo: `oci://${CRUNCHY_REGISTRY}`,
    chart: 'pgo',
    version: PGO_VERSION,
    namespace: 'postgres-operator',
    mirrorValues: (mirror) => ({
      controllerImages: { cluster: mirrored(mirror, PGO_IMAGES.operator) },
      relatedImages: Object.fromEntries([...PULLED.map((key) => [key, { image: mirrored(mirror, PGO_IMAGES[key]) }]), ['collector', { image: mirrored(mirror, PGO_IMAGES.operator) }]]),
    }),
  },
  images: [PGO_IMAGES.operator, ...PULLED.map((key) => PGO_IMAGES[key])],
  crds: ['postgresclusters.postgres-operator.crunchydata.com', 'pgupgrades.postgres-operator.crunchydata.com', 'pgadmins.postgres-operator.crunchydata.com'],
  docs: 'https://access.crunchydata.com/documentation/postgres-operator/latest/installation',
};

/**
 * PGO annotation that makes it create, in each of a user's databases, a schema named after and
 * owned by the user. PostgreSQL 15+ revokes CREATE on `public` from non-owners and PGO only grants
 * privileges on the database, so without it no consumer could create its tables; with it the
 * default `search_path` (`"$user", public`) puts them in the user's own schema.
 * @see https://access.crunchydata.com/documentation/postgres-operator/latest/guides/user-management
 */
export const CRUNCHY_AUTO_USER_SCHEMA = 'postgres-operator.crunchydata.com/autoCreateUserSchema';

/** The instance set name. */
export const CRUNCHY_INSTANCE_SET = 'main';
/** Patroni's REST API, which instances use to elect a leader. */
export const PATRONI_PORT = 8008;
/** pgBackRest TLS server on instances and the repo host. */
export const PGBACKREST_PORT = 8432;

/** The Secret with pgBackRest's S3 keys, an INI file referenced from `configuration`. */
export function crunchyS3ConfSecret(ctx: BuildContext): string {
  return `${postgresClusterName(ctx)}-pgbackrest-s3`;
}

/** Labels PGO puts on the main instance set's pods. */
export function crunchyInstanceSelector(ctx: BuildContext): Record<string, string> {
  return { 'postgres-operator.crunchydata.com/cluster': postgresClusterName(ctx), 'postgres-operator.crunchydata.com/instance-set': CRUNCHY_INSTANCE_SET };
}

export function crunchyPgBouncerSelector(ctx: BuildContext): Record<string, string> {
  return { 'postgres-operator.crunchydata.com/cluster': postgresClusterName(ctx), 'postgres-operator.crunchydata.com/role': 'pgbouncer' };
}

export interface CrunchyInput {
  readonly options: PostgresOptions;
  readonly sizing: Sizing;
  readonly pooler: Sizing;
  readonly consumers: readonly string[];
  /** Roles that need the REPLICATION attribute (declared by the component that streams changes). */
  readonly replicationRoles: ReadonlySet<string>;
}

/** Crunchy wants five cron fields; the option is CNPG's six (seconds first). */
export function fiveFieldCron(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  return fields.length === 6 ? fields.slice(1).join(' ') : fields.join(' ');
}

/** The PostgresCluster (no custom SCC: PGO runs under restricted-v2; no pinned exporter image: PGO picks the one matching its release). */
export function crunchyObjects(ctx: BuildContext, input: CrunchyInput): KubeObject[] {
  const { sizing, options } = input;
  const s3 = ctx.objectStorage;
  const replicas = options.poolerInstances ?? input.pooler.replicas;
  const instancePolicy = podPolicy(ctx, { selector: crunchyInstanceSelector(ctx), replicas: sizing.replicas, antiAffinity: sizing.replicas > 1 ? 'required' : 'preferred' });
  const pgBouncerPolicy = podPolicy(ctx, { selector: crunchyPgBouncerSelector(ctx), replicas });
  const instance: Record<string, unknown> = {
    name: CRUNCHY_INSTANCE_SET,
    replicas: sizing.replicas,
    resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
    dataVolumeClaimSpec: claimSpec({ name: 'pgdata', size: sizing.storage ?? '10Gi', storageClass: ctx.storageClass('fast') }),
    ...instancePolicy.hostSpread,
  };
  if (sizing.replicas > 1) instance['minAvailable'] = 1;
  Object.assign(instance, instancePolicy.zoneSpread);
  const pgBouncer: Record<string, unknown> = {
    replicas,
    resources: { requests: { ...input.pooler.resources.requests }, limits: { ...input.pooler.resources.limits } },
    config: { global: { pool_mode: 'session', max_client_conn: '1000', default_pool_size: '50' } },
  };
  Object.assign(pgBouncer, pgBouncerPolicy.scheduling);
  const spec: Record<string, unknown> = {
    postgresVersion: options.postgresVersion,
    // Every pod PGO creates carries the component label NetworkPolicies select on.
    metadata: { labels: ctx.selector() },
    instances: [instance],
    users: input.consumers.map((consumer) => ({
      name: consumer,
      databases: [consumer],
      options: input.replicationRoles.has(consumer) ? 'NOSUPERUSER NOCREATEROLE REPLICATION' : 'NOSUPERUSER NOCREATEROLE',
    })),
    proxy: { pgBouncer },
    monitoring: { pgmonitor: { exporter: {} } },
  };
  if (options.backups.enabled) {
    const schedule = fiveFieldCron(options.backups.schedule);
    // pgBackRest verifies the store's certificate against `repo1-storage-ca-file`; PGO mounts
    // `configuration` projections under /etc/pgbackrest/conf.d.
    // @see https://pgbackrest.org/configuration.html#section-repository/option-repo-storage-ca-file
    const trust = s3.consumerTrust(ctx.namespace, 'postgres');
    spec['backups'] = {
      pgbackrest: {
        configuration: [{ secret: { name: crunchyS3ConfSecret(ctx) } }, ...(trust ? [trust.projection('s3-ca.crt')] : [])],
        global: {
          ...(trust ? { 'repo1-storage-ca-file': '/etc/pgbackrest/conf.d/s3-ca.crt' } : {}),
          'repo1-path': `/postgres/${postgresClusterName(ctx)}`,
          'repo1-retention-full': retentionDays(options.backups.retention),
          'repo1-retention-full-type': 'time',
          // On-premises S3 (MinIO, Ceph RGW, ODF) needs path-style URIs.
          ...(s3.pathStyle ? { 'repo1-s3-uri-style': 'path' } : {}),
        },
        repos: [
          {
            name: 'repo1',
            s3: { bucket: s3.buckets.backups, endpoint: s3.endpointHostPort.host + (isDefaultPort(s3.endpointHostPort) ? '' : `:${s3.endpointHostPort.port}`), region: s3.region },
            // Weekly full, daily differential , at the configured hour.
            schedules: { full: onDays(schedule, '0'), differential: onDays(schedule, '1-6') },
          },
        ],
      },
    };
  }
  Object.assign(spec, instancePolicy.pullSecrets);
  return [
    {
      apiVersion: 'postgres-operator.crunchydata.com/v1beta1',
      kind: 'PostgresCluster',
      metadata: { name: postgresClusterName(ctx), namespace: ctx.namespace, labels: ctx.labels(), annotations: { [CRUNCHY_AUTO_USER_SCHEMA]: 'true' } },
      spec,
    },
  ];
}

function isDefaultPort(endpoint: { port: number; tls: boolean }): boolean {
  return endpoint.port === (endpoint.tls ? 443 : 80);
}

/** `30d` → `30`; weeks and months in days (pgBackRest time retention counts days). */
export function retentionDays(retention: string): string {
  const amount = Number(retention.slice(0, -1));
  const unit = retention.slice(-1);
  return String(unit === 'w' ? amount * 7 : unit === 'm' ? amount * 30 : amount);
}

/** The daily cron's minute and hour on the given weekdays. */
function onDays(daily: string, days: string): string {
  const [minute = '0', hour = '2'] = daily.split(' ');
  return `${minute} ${hour} * * ${days}`;
}

/** The S3 keys as pgBackRest reads them: an INI file built from the object-storage Secret. */
export function crunchyS3Secret(ctx: BuildContext): SecretRequirement {
  const creds = ctx.objectStorage.credentials('backups');
  return {
    name: crunchyS3ConfSecret(ctx),
    namespace: ctx.namespace,
    source: 'external',
    keys: [{ key: 's3.conf', kind: 'password' }],
    description:
      `pgBackRest S3 keys: key s3.conf holding "[global]\\nrepo1-s3-key=<${creds.accessKeyKey}>\\nrepo1-s3-key-secret=<${creds.secretKeyKey}>" ` +
      `with the values of Secret ${creds.secretName}; see docs/components/postgres.md for the command that creates it`,
    consumers: ['postgres'],
  };
}
