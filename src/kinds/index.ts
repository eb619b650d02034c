import type { KubeObject } from '../model/kube.ts';
import { APIEXTENSIONS_KINDS } from './apiextensions.ts';
import { APPS_KINDS } from './apps.ts';
import { BATCH_KINDS } from './batch.ts';
import { CERT_MANAGER_KINDS } from './cert-manager.ts';
import { CLICKHOUSE_KINDS } from './clickhouse.ts';
import { CNPG_KINDS } from './cnpg.ts';
import { CORE_KINDS } from './core.ts';
import { CRUNCHY_KINDS } from './crunchy.ts';
import { FLINK_KINDS } from './flink.ts';
import { GRAFANA_KINDS, LOGGING_KINDS } from './grafana.ts';
import { KEYCLOAK_KINDS } from './keycloak.ts';
import { kindKey, type KindEntry } from './kind.ts';
import { MINIO_KINDS } from './minio.ts';
import { MONITORING_KINDS } from './monitoring.ts';
import { OBJECTBUCKET_KINDS } from './objectbucket.ts';
import { OLM_KINDS } from './olm.ts';
import { OPENSHIFT_ROUTE_KINDS } from './openshift-route.ts';
import { PLAIN_KINDS } from './other.ts';
import { ready, progressing, type ReadinessContext, type ReadinessRule, type ReadinessVerdict } from './readiness.ts';
import { REDIS_KINDS } from './redis.ts';
import { STRIMZI_KINDS } from './strimzi.ts';

export { kindKey, type KindEntry } from './kind.ts';
export type { ReadinessContext, ReadinessRule, ReadinessState, ReadinessVerdict } from './readiness.ts';
export { condition } from './readiness.ts';

/** Every kind the platform renders, applies, follows or reads, keyed `group/Kind`. */
export const KIND_CATALOGUE: ReadonlyMap<string, KindEntry> = new Map(
  [
    ...CORE_KINDS,
    ...APPS_KINDS,
    ...BATCH_KINDS,
    ...APIEXTENSIONS_KINDS,
    ...OLM_KINDS,
    ...CNPG_KINDS,
    ...CRUNCHY_KINDS,
    ...STRIMZI_KINDS,
    ...MINIO_KINDS,
    ...OBJECTBUCKET_KINDS,
    ...KEYCLOAK_KINDS,
    ...MONITORING_KINDS,
    ...FLINK_KINDS,
    ...CLICKHOUSE_KINDS,
    ...CERT_MANAGER_KINDS,
    ...OPENSHIFT_ROUTE_KINDS,
    ...REDIS_KINDS,
    ...GRAFANA_KINDS,
    ...LOGGING_KINDS,
    ...PLAIN_KINDS,
  ].map((entry) => [`${entry.group}/${entry.kind}`, entry] as const),
);

/** The catalogue entry of an object's kind, if any. */
export function kindEntry(object: { readonly apiVersion: string; readonly kind: string }): KindEntry | undefined {
  return KIND_CATALOGUE.get(kindKey(object));
}

function keysWhere(test: (entry: KindEntry) => boolean): ReadonlySet<string> {
  return new Set([...KIND_CATALOGUE].filter(([, entry]) => test(entry)).map(([key]) => key));
}

/** Readiness rules by `group/Kind`. Kinds not listed are ready once applied. */
export const READINESS_RULES: ReadonlyMap<string, ReadinessRule> = new Map(
  [...KIND_CATALOGUE].flatMap(([key, entry]) => (entry.readiness === undefined ? [] : [[key, entry.readiness] as const])),
);

/** Kinds deploy waits for before the next step. */
export const WAITED_KINDS: ReadonlySet<string> = keysWhere((entry) => entry.readiness !== undefined && entry.waited !== false);

/** Operator resources `validate` checks through their status. */
export const VALIDATED_KINDS: ReadonlySet<string> = keysWhere((entry) => entry.validated === true);

/** Kinds that live outside any namespace. */
export const CLUSTER_SCOPED: ReadonlySet<string> = keysWhere((entry) => entry.clusterScoped === true);

/** Whether deleting this object deletes data (volumes, buckets, databases). */
export function holdsData(object: KubeObject): boolean {
  return kindEntry(object)?.holdsData?.(object) ?? false;
}

/** Whether the engine evaluates a readiness rule for this kind. */
export function hasReadinessRule(object: { readonly apiVersion: string; readonly kind: string }): boolean {
  return READINESS_RULES.has(kindKey(object));
}

/**
 * The verdict for one observed object. Deletion in progress is never ready; kinds without a rule
 * are ready once they exist. Pure.
 */
export function assessReadiness(object: KubeObject, context: ReadinessContext = {}): ReadinessVerdict {
  if ((object.metadata as { deletionTimestamp?: string }).deletionTimestamp) return progressing('being deleted');
  const rule = READINESS_RULES.get(kindKey(object));
  return rule === undefined ? ready('applied') : rule(object, context);
}
