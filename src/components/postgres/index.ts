import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { postgresAlerts, postgresMetrics } from './metrics.ts';
import { postgresOptions, type PostgresOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { CNPG_METRICS_PORT, CNPG_OPERATOR, PGBOUNCER_METRICS_PORT, cnpgObjects } from './cnpg.ts';
import { consumerSecrets } from './credentials.ts';
import { CRUNCHY_OPERATOR, crunchyObjects, crunchyS3Secret } from './crunchy.ts';
import { postgresChecks, postgresDisruption, postgresFootprint } from './checks.ts';
import { postgresFlows } from './network.ts';
import { planPostgres } from './plan.ts';

function build(ctx: BuildContext<PostgresOptions>): ComponentBuild {
  const plan = planPostgres(ctx);
  const { options, sizing, pooler, consumers, replicationRoles, operator, cluster, namespace, cnpg, instanceSelector, poolerSelector, bootstrapOwner } = plan;
  const s3 = ctx.objectStorage;
  const objects = cnpg
    ? cnpgObjects(ctx, { options, sizing, pooler, consumers: consumers.filter((c) => c !== bootstrapOwner), bootstrapOwner, replicationRoles })
    : crunchyObjects(ctx, { options, sizing, pooler, consumers, replicationRoles });

  // With backups on, both operators read the store's keys in this namespace: CNPG's ObjectStore
  // references them, and Crunchy's pgBackRest INI Secret is built from them (docs/components/postgres.md).
  const secrets = [
    ...consumerSecrets(ctx, operator, consumers, plan.roleUsers),
    ...(options.backups.enabled ? [s3.consumerSecret(namespace, 'postgres', 'backups'), ...(s3.consumerTrust(namespace, 'postgres')?.secrets ?? [])] : []),
    ...(!cnpg && options.backups.enabled ? [crunchyS3Secret(ctx)] : []),
  ];

  // The instances' exporter port is 9187 under both operators.
  const metrics = postgresMetrics({ operator, namespace, instances: instanceSelector, pooler: poolerSelector, port: CNPG_METRICS_PORT, poolerPort: PGBOUNCER_METRICS_PORT });
  return {
    ...emptyBuild(),
    objects,
    dependsOn: options.backups.enabled ? ['object-storage'] : [],
    flows: postgresFlows(plan),
    // CNPG archives and backs up from the instances (the plugin sidecar); PGO also from its backup Jobs.
    egress: options.backups.enabled
      ? s3.consumerEgress('WAL archive and base backups to S3').map((e) => (cnpg ? { ...e, fromSelector: instanceSelector } : e))
      : [],
    secrets,
    operators: [cnpg ? CNPG_OPERATOR : CRUNCHY_OPERATOR],
    metrics,
    alerts: postgresAlerts({ operator, endpoints: metrics, cluster, backups: options.backups.enabled }),
    disruption: postgresDisruption(ctx, plan),
    checks: postgresChecks(ctx, plan),
    footprint: postgresFootprint(plan),
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
