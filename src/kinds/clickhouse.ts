import type { KubeObject } from '../model/kube.ts';
import { kindsOf, type KindEntry } from './kind.ts';
import { failed, progressing, ready, statusOf, str, type ReadinessRule } from './readiness.ts';

/** Altinity operator: `status.status` goes InProgress → Completed (or Aborted). */
const clickhouse: ReadinessRule = (o) => {
  const state = str(statusOf(o)['status']);
  if (state === 'Aborted' || state === 'Terminating') return failed(`status ${state}`);
  return state === 'Completed' ? ready('Completed') : progressing(`status ${state || 'unset'}`);
};

/**
 * Each volumeClaimTemplate's `reclaimPolicy` (else `defaults.storageManagement.reclaimPolicy`, else
 * Delete) decides whether its PVCs go with the installation; one Delete template is enough to lose data.
 * @see https://github.com/Altinity/clickhouse-operator/blob/master/docs/custom_resource_explained.md
 */
function deletesVolumes(object: KubeObject): boolean {
  type Spec = { defaults?: { storageManagement?: { reclaimPolicy?: string } }; templates?: { volumeClaimTemplates?: { reclaimPolicy?: string }[] } };
  const spec = (object['spec'] ?? {}) as Spec;
  const fallback = spec.defaults?.storageManagement?.reclaimPolicy ?? 'Delete';
  return (spec.templates?.volumeClaimTemplates ?? []).some((t) => (t.reclaimPolicy ?? fallback) !== 'Retain');
}

/**
 * clickhouse.altinity.com and clickhouse-keeper.altinity.com (Altinity operator).
 * @see https://github.com/Altinity/clickhouse-operator/blob/master/docs/custom_resource_explained.md
 */
export const CLICKHOUSE_KINDS: readonly KindEntry[] = [
  ...kindsOf('clickhouse.altinity.com', [
    { kind: 'ClickHouseInstallation', readiness: clickhouse, validated: true, holdsData: deletesVolumes },
    // The keeper kind was first served from the main group.
    { kind: 'ClickHouseKeeperInstallation', holdsData: deletesVolumes },
  ]),
  ...kindsOf('clickhouse-keeper.altinity.com', [{ kind: 'ClickHouseKeeperInstallation', readiness: clickhouse, validated: true, holdsData: deletesVolumes }]),
];
