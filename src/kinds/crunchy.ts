import { always, kindsOf, type KindEntry } from './kind.ts';
import { statusOf, specOf, num, staleGeneration, ready, progressing, type ReadinessRule } from './readiness.ts';

/** Crunchy PGO: every instance set has its replicas ready. @see https://access.crunchydata.com/documentation/postgres-operator/latest/references/crd/5.8.x/postgrescluster */
const crunchyCluster: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const sets = Array.isArray(specOf(o)['instances']) ? (specOf(o)['instances'] as Record<string, unknown>[]) : [];
  const want = sets.reduce((sum, set) => sum + num(set['replicas'], 1), 0);
  const observed = Array.isArray(s['instances']) ? (s['instances'] as Record<string, unknown>[]) : [];
  const have = observed.reduce((sum, set) => sum + num(set['readyReplicas']), 0);
  return have >= want && want > 0 ? ready(`${have}/${want} instances ready`) : progressing(`${have}/${want} instances ready`);
};

/**
 * postgres-operator.crunchydata.com (Crunchy PGO).
 * @see https://access.crunchydata.com/documentation/postgres-operator/latest/references/crd
 */
export const CRUNCHY_KINDS: readonly KindEntry[] = kindsOf('postgres-operator.crunchydata.com', [
  { kind: 'PostgresCluster', readiness: crunchyCluster, validated: true, holdsData: always },
]);
