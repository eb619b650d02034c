import { kindsOf, type KindEntry } from './kind.ts';
import { record, statusOf, specOf, num, str, condition, said, staleGeneration, ready, progressing, failed, type ReadinessRule } from './readiness.ts';

const deployment: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const progress = condition(o, 'Progressing');
  if (progress?.status === 'False' && progress.reason === 'ProgressDeadlineExceeded') return failed(said(progress, 'progress deadline exceeded'));
  const want = num(specOf(o)['replicas'], 1);
  const updated = num(s['updatedReplicas']);
  const available = num(s['availableReplicas']);
  if (updated < want) return progressing(`${updated}/${want} replicas updated`);
  if (num(s['replicas']) > updated) return progressing(`${num(s['replicas']) - updated} old replicas pending termination`);
  if (available < want) return progressing(`${available}/${want} replicas available${said(condition(o, 'Available'), '') ? ` (${said(condition(o, 'Available'), '')})` : ''}`);
  return ready(`${available}/${want} available`);
};

const statefulSet: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const want = num(specOf(o)['replicas'], 1);
  const readyReplicas = num(s['readyReplicas']);
  const strategy = str(record(specOf(o)['updateStrategy'])['type']) || 'RollingUpdate';
  if (strategy === 'RollingUpdate' && want > 0) {
    if (num(s['updatedReplicas']) < want) return progressing(`${num(s['updatedReplicas'])}/${want} replicas updated`);
    if (s['updateRevision'] !== undefined && s['currentRevision'] !== s['updateRevision']) return progressing(`rolling out revision ${str(s['updateRevision'])}`);
  }
  if (readyReplicas < want) return progressing(`${readyReplicas}/${want} replicas ready`);
  return ready(`${readyReplicas}/${want} ready`);
};

const daemonSet: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stale = staleGeneration(o, s['observedGeneration']);
  if (stale) return stale;
  const want = num(s['desiredNumberScheduled']);
  if (num(s['updatedNumberScheduled']) < want) return progressing(`${num(s['updatedNumberScheduled'])}/${want} nodes updated`);
  if (num(s['numberReady']) < want) return progressing(`${num(s['numberReady'])}/${want} nodes ready`);
  return ready(`${want}/${want} nodes ready`);
};

/**
 * apps.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/
 */
export const APPS_KINDS: readonly KindEntry[] = kindsOf('apps', [
  { kind: 'Deployment', readiness: deployment },
  {
    kind: 'StatefulSet',
    readiness: statefulSet,
    // Its PVCs go with it only when the retention policy says so.
    // @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
    holdsData: (o) => (o['spec'] as { persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string } } | undefined)?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete',
  },
  { kind: 'DaemonSet', readiness: daemonSet },
]);
