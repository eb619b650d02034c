import type { ComponentBuild, ComponentDefinition, DisruptionSpec } from '../../model/component.ts';
import { postgresAlerts, postgresMetrics } from './metrics.ts';
import { postgresOptions, type PostgresOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { isComponentName } from '../../model/names.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { postgresAccess, postgresClusterName } from './access.ts';
import {
  CNPG_METRICS_PORT,
  CNPG_OPERATOR,
  CNPG_STATUS_PORT,
  PGBOUNCER_METRICS_PORT,
  POSTGRES_PORT,
  cnpgInstanceSelector,
  cnpgNames,
  cnpgObjects,
  cnpgPoolerSelector,
} from './cnpg.ts';
import { consumerSecrets } from './credentials.ts';
import {
  CRUNCHY_OPERATOR,
  PATRONI_PORT,
  PGBACKREST_PORT,
  crunchyInstanceSelector,
  crunchyObjects,
  crunchyPgBouncerSelector,
  crunchyS3Secret,
} from './crunchy.ts';
import { PLATFORM_ROLE } from './options.ts';
import { POOLER_SIZING, POSTGRES_SIZING } from './sizing.ts';

function consumerFlows(consumers: readonly string[], toSelector: Record<string, string>): Flow[] {
  return consumers.filter(isComponentName).map((component) => ({
    from: { kind: 'component' as const, component },
    toSelector,
    ports: [{ port: POSTGRES_PORT, name: 'postgres' }],
    description: `${component} uses its database through the PgBouncer pooler`,
  }));
}

function build(ctx: BuildContext<PostgresOptions>): ComponentBuild {
  const options = ctx.options();
  const sizing = ctx.sizing(POSTGRES_SIZING);
  const pooler = ctx.sizingOf(POOLER_SIZING);
  const poolerReplicas = options.poolerInstances ?? pooler.replicas;
  const requests = ctx.databaseRequests;
  const consumers = [...new Set(options.consumers ?? [PLATFORM_ROLE, ...requests.map((r) => r.role)])];
  const replicationRoles: ReadonlySet<string> = new Set(requests.filter((r) => r.replication === true).map((r) => r.role));
  const operator = options.operator;
  const cluster = postgresClusterName(ctx);
  const namespace = ctx.namespace;
  const s3 = ctx.objectStorage;
  const checkRole = consumers.includes(PLATFORM_ROLE) ? PLATFORM_ROLE : consumers[0]!;
  const access = postgresAccess(ctx, checkRole);
  const poolerService = access.host.split('.')[0]!;

  const cnpg = operator === 'cnpg';
  const instanceSelector = cnpg ? cnpgInstanceSelector(ctx) : crunchyInstanceSelector(ctx);
  const poolerSelector = cnpg ? cnpgPoolerSelector(ctx) : crunchyPgBouncerSelector(ctx);
  const bootstrapOwner = cnpg && consumers.includes(PLATFORM_ROLE) ? PLATFORM_ROLE : undefined;
  const objects = cnpg
    ? cnpgObjects(ctx, { options, sizing, pooler, consumers: consumers.filter((c) => c !== bootstrapOwner), bootstrapOwner, replicationRoles })
    : crunchyObjects(ctx, { options, sizing, pooler, consumers, replicationRoles });

  const flows: Flow[] = [
    ...consumerFlows(consumers, poolerSelector),
    {
      from: { kind: 'component', component: 'postgres', selector: poolerSelector },
      toSelector: instanceSelector,
      ports: [{ port: POSTGRES_PORT, name: 'postgres' }],
      description: 'PgBouncer forwards sessions to the primary',
    },
    {
      from: { kind: 'component', component: 'postgres', selector: instanceSelector },
      toSelector: instanceSelector,
      ports: cnpg
        ? [{ port: POSTGRES_PORT, name: 'postgres' }]
        : [
            { port: POSTGRES_PORT, name: 'postgres' },
            { port: PATRONI_PORT, name: 'patroni' },
            { port: PGBACKREST_PORT, name: 'pgbackrest' },
          ],
      description: cnpg ? 'streaming replication between instances' : 'replication, Patroni leader election and pgBackRest between instances',
    },
    {
      from: { kind: 'operator', operator: cnpg ? CNPG_OPERATOR.id : CRUNCHY_OPERATOR.id },
      toSelector: instanceSelector,
      ports: cnpg
        ? [{ port: CNPG_STATUS_PORT, name: 'status' }]
        : [
            { port: POSTGRES_PORT, name: 'postgres' },
            { port: PATRONI_PORT, name: 'patroni' },
          ],
      description: cnpg ? 'the CloudNativePG operator polls each instance manager' : 'PGO manages users and reads Patroni state',
    },
  ];
  if (consumers.some((c) => replicationRoles.has(c))) {
    // Logical replication needs a session on the primary itself: PgBouncer cannot carry it, so the
    // CDC connector connects to the primary's Service (`-rw` / `-primary`), which selects an instance.
    flows.push({
      from: { kind: 'component', component: 'kafka-connect' },
      toSelector: instanceSelector,
      ports: [{ port: POSTGRES_PORT, name: 'postgres' }],
      description: 'the Debezium CDC connector streams changes from the primary (replication connection, not through PgBouncer)',
    });
  }
  if (!cnpg && options.backups.enabled) {
    // The pgBackRest repo host (dedicated pod) talks to the instances over TLS.
    flows.push({
      from: { kind: 'component', component: 'postgres', selector: { 'postgres-operator.crunchydata.com/data': 'pgbackrest' } },
      toSelector: instanceSelector,
      ports: [{ port: PGBACKREST_PORT, name: 'pgbackrest' }],
      description: 'the pgBackRest repo host reaches each instance',
    });
  }

  // With backups on, both operators read the store's keys in this namespace: CNPG's ObjectStore
  // references them, and Crunchy's pgBackRest INI Secret is built from them (docs/components/postgres.md).
  const secrets = [
    ...consumerSecrets(ctx, operator, consumers),
    ...(options.backups.enabled ? [s3.consumerSecret(namespace, 'postgres', 'backups'), ...(s3.consumerTrust(namespace, 'postgres')?.secrets ?? [])] : []),
    ...(!cnpg && options.backups.enabled ? [crunchyS3Secret(ctx)] : []),
  ];

  const disruption: DisruptionSpec[] = [
    // CNPG and PGO create PodDisruptionBudgets for their instances: never a second one, the eviction API refuses evictions for a pod two PDBs select.
    { name: cluster, namespace, selector: instanceSelector, replicas: sizing.replicas, operatorManaged: true },
    // CNPG makes none for Poolers; PGO makes one for PgBouncer.
    { name: cnpg ? cnpgNames(ctx).pooler : `${cluster}-pgbouncer`, namespace, selector: poolerSelector, replicas: poolerReplicas, operatorManaged: !cnpg },
  ];

  const creds = s3.credentials('backups');
  const checks: LiveCheck[] = [
    {
      id: 'postgres.cluster',
      group: 'data',
      title: 'The PostgreSQL cluster is ready',
      probe: cnpg
        ? { type: 'object-ready', ref: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', name: cluster, namespace } }
        : { type: 'object-ready', ref: { apiVersion: 'postgres-operator.crunchydata.com/v1beta1', kind: 'PostgresCluster', name: cluster, namespace } },
    },
    { id: 'postgres.instances', group: 'data', title: 'Every PostgreSQL instance is ready', probe: { type: 'pods-ready', namespace, selector: instanceSelector, min: sizing.replicas } },
    { id: 'postgres.pvcs', group: 'storage', title: 'PostgreSQL volumes are bound', probe: { type: 'pvcs-bound', namespace, selector: ctx.selector() } },
    { id: 'postgres.pooler', group: 'services', title: 'The PgBouncer pooler has endpoints', probe: { type: 'service-endpoints', namespace, service: poolerService } },
    {
      id: 'postgres.sql',
      group: 'connectivity',
      title: `SELECT 1 through the pooler as ${checkRole}`,
      probe: {
        type: 'postgres',
        endpoint: { namespace, service: poolerService, port: POSTGRES_PORT },
        database: checkRole,
        user: { namespace, name: cnpg ? access.secretName : `${cluster}-pguser-${checkRole}`, key: cnpg ? access.userKey : 'user' },
        password: { namespace, name: cnpg ? access.secretName : `${cluster}-pguser-${checkRole}`, key: access.passwordKey },
        sql: 'select 1',
      },
    },
  ];
  if (options.backups.enabled) {
    const endpoint = s3.endpoint;
    checks.push({
      id: 'postgres.backup-store',
      group: 'storage',
      title: 'The backup bucket is reachable with the keys PostgreSQL uses',
      probe: {
        type: 's3',
        endpoint: { url: endpoint },
        bucket: s3.buckets.backups,
        accessKey: { namespace, name: creds.secretName, key: creds.accessKeyKey },
        secretKey: { namespace, name: creds.secretName, key: creds.secretKeyKey },
        region: s3.region,
        pathStyle: s3.pathStyle,
      },
    });
  }

  const footprint: PodFootprint[] = [
    {
      name: 'postgres',
      namespace,
      replicas: sizing.replicas,
      resources: sizing.resources,
      storage: [{ tier: 'fast', size: sizing.storage ?? '10Gi' }],
      spreadRequired: sizing.replicas > 1,
      // The operator promotes a replica; one surviving instance keeps the service.
      minAvailable: 1,
    },
    { name: 'postgres-pooler', namespace, replicas: poolerReplicas, resources: pooler.resources, minAvailable: 1 },
  ];

  // The instances' exporter port is 9187 under both operators.
  const metrics = postgresMetrics({ operator, namespace, instances: instanceSelector, pooler: poolerSelector, port: CNPG_METRICS_PORT, poolerPort: PGBOUNCER_METRICS_PORT });
  return {
    ...emptyBuild(),
    objects,
    dependsOn: options.backups.enabled ? ['object-storage'] : [],
    flows,
    // CNPG archives and backs up from the instances (the plugin sidecar); PGO also from its backup Jobs.
    egress: options.backups.enabled
      ? s3.consumerEgress('WAL archive and base backups to S3').map((e) => (cnpg ? { ...e, fromSelector: instanceSelector } : e))
      : [],
    secrets,
    operators: [cnpg ? CNPG_OPERATOR : CRUNCHY_OPERATOR],
    metrics,
    alerts: postgresAlerts({ operator, endpoints: metrics, cluster, backups: options.backups.enabled }),
    disruption,
    checks,
    footprint,
    warnings: sizing.replicas < 2 ? ['a single PostgreSQL instance has no failover (profile dev); use small or production for HA'] : [],
  };
}

export const postgres: ComponentDefinition<PostgresOptions> = {
  name: 'postgres',
  title: 'PostgreSQL (CloudNativePG or Crunchy PGO)',
  tier: 'catalog',
  layer: 'storage',
  phase: 'storage',
  version: '17.11',
  enabledByDefault: true,
  options: postgresOptions,
  // Base backups and WAL archives.
  consumes: () => [{ component: 'object-storage' }],
  build,
};
