import { always, kindsOf, type KindEntry } from './kind.ts';
import { statusOf, specOf, num, str, ready, progressing, failed, type ReadinessRule } from './readiness.ts';

/** CloudNativePG: healthy phase and every instance ready. @see https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-ClusterStatus */
const cnpgCluster: ReadinessRule = (o) => {
  const s = statusOf(o);
  const phase = str(s['phase']);
  if (/cannot proceed|unrecoverable/i.test(phase)) return failed(`${phase}${s['phaseReason'] ? `: ${str(s['phaseReason'])}` : ''}`);
  const want = num(specOf(o)['instances'], 1);
  const readyInstances = num(s['readyInstances']);
  if (phase !== 'Cluster in healthy state') return progressing(`phase "${phase || 'unset'}", ${readyInstances}/${want} instances ready`);
  if (readyInstances < want) return progressing(`${readyInstances}/${want} instances ready`);
  return ready(`healthy, ${readyInstances}/${want} instances`);
};

/**
 * CloudNativePG Pooler: `status.instances` copies the Deployment's `status.replicas` (pods that
 * exist, ready or not), so once every instance is scheduled the PgBouncer Deployment of the same
 * name decides.
 * @see https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-PoolerStatus
 */
const cnpgPooler: ReadinessRule = (o) => {
  const want = num(specOf(o)['instances'], 1);
  const have = num(statusOf(o)['instances']);
  if (have < want) return progressing(`${have}/${want} instances scheduled`);
  return progressing(`${have} instances scheduled`, { apiVersion: 'apps/v1', kind: 'Deployment', name: o.metadata.name, namespace: o.metadata.namespace ?? '' });
};

/**
 * postgresql.cnpg.io (CloudNativePG).
 * @see https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/
 */
export const CNPG_KINDS: readonly KindEntry[] = kindsOf('postgresql.cnpg.io', [
  // The operator deletes the instances' PVCs with the Cluster.
  { kind: 'Cluster', readiness: cnpgCluster, validated: true, holdsData: always },
  { kind: 'Pooler', readiness: cnpgPooler, validated: true },
  // With the default `databaseReclaimPolicy: retain` the database survives; deleting it is still data loss if set to delete.
  { kind: 'Database', holdsData: always },
  { kind: 'ScheduledBackup' },
]);
