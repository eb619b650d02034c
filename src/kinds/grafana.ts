import type { KubeObject } from '../model/kube.ts';
import { kindsOf, type KindEntry } from './kind.ts';
import { condition, failed, progressing, ready, readyCondition, said, statusOf, str, type ReadinessRule } from './readiness.ts';

/** Grafana: the operator walks `status.stage` through its reconcile steps; `complete`/`success` is done. */
const grafana: ReadinessRule = (o) => {
  const s = statusOf(o);
  const stage = str(s['stage']);
  const stageStatus = str(s['stageStatus']);
  if (stageStatus === 'failed') return failed(`stage ${stage || 'unknown'} failed: ${str(s['lastMessage']) || 'no message'}`);
  return stage === 'complete' && stageStatus === 'success' ? ready('complete') : progressing(`stage ${stage || 'unset'} ${stageStatus}`.trim());
};

/** Dashboards, datasources and folders carry a `<Kind>Synchronized` condition once uploaded. */
function synchronized(type: string): ReadinessRule {
  return (o: KubeObject) => {
    const c = condition(o, type);
    if (c?.status === 'True') return ready(said(c, type));
    if (c?.status === 'False' && c.reason !== undefined && /Error|Failed|Invalid/i.test(c.reason)) return failed(said(c, `${type} failed`));
    return progressing(said(c, `waiting for condition ${type}`));
  };
}

/**
 * grafana.integreatly.org (Grafana Operator v5).
 * @see https://grafana.github.io/grafana-operator/docs/api/
 */
export const GRAFANA_KINDS: readonly KindEntry[] = kindsOf('grafana.integreatly.org', [
  { kind: 'Grafana', readiness: grafana, validated: true },
  // Uploaded once the instance is up; deploy waits until the operator has synchronised them.
  { kind: 'GrafanaDatasource', readiness: synchronized('DatasourceSynchronized'), validated: true },
  { kind: 'GrafanaFolder', readiness: synchronized('FolderSynchronized') },
  { kind: 'GrafanaDashboard', readiness: synchronized('DashboardSynchronized'), validated: true },
]);

/**
 * loki.grafana.com (Loki Operator) and observability.openshift.io (Logging operator 6): both
 * report a `Ready` condition.
 * @see https://loki-operator.dev/docs/api.md/
 */
export const LOGGING_KINDS: readonly KindEntry[] = [
  // Chunks live in S3, which deleting the LokiStack leaves alone; its PVCs hold only the WAL and caches.
  ...kindsOf('loki.grafana.com', [{ kind: 'LokiStack', readiness: readyCondition(), validated: true }]),
  ...kindsOf('observability.openshift.io', [{ kind: 'ClusterLogForwarder', readiness: readyCondition(), validated: true }]),
];
