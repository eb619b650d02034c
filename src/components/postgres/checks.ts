import type { BuildContext } from '../../model/build-context.ts';
import type { DisruptionSpec } from '../../model/component.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import { cnpgNames, POSTGRES_PORT } from './cnpg.ts';
import type { PostgresPlan } from './plan.ts';

/** CNPG and PGO guard their instances; the pooler gets the platform's PDB under CNPG only. */
export function postgresDisruption(ctx: BuildContext, plan: PostgresPlan): DisruptionSpec[] {
  const { sizing, poolerReplicas, cluster, namespace, cnpg, instanceSelector, poolerSelector } = plan;
  return [
    // CNPG and PGO create PodDisruptionBudgets for their instances: never a second one, the eviction API refuses evictions for a pod two PDBs select.
    { name: cluster, namespace, selector: instanceSelector, replicas: sizing.replicas, operatorManaged: true },
    // CNPG makes none for Poolers; PGO makes one for PgBouncer.
    { name: cnpg ? cnpgNames(ctx).pooler : `${cluster}-pgbouncer`, namespace, selector: poolerSelector, replicas: poolerReplicas, operatorManaged: !cnpg },
  ];
}

/** Live checks: the cluster and instances ready, volumes bound, SQL through the pooler, the backup store. */
export function postgresChecks(ctx: BuildContext, plan: PostgresPlan): LiveCheck[] {
  const { options, sizing, cluster, namespace, checkRole, access, poolerService, cnpg, instanceSelector } = plan;
  const s3 = ctx.objectStorage;
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

  return checks;
}

/** The instances (with their volumes) and the pooler. */
export function postgresFootprint(plan: PostgresPlan): PodFootprint[] {
  const { sizing, pooler, poolerReplicas, namespace } = plan;
  return [
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
}
