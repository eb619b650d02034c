import { kindsOf, type KindEntry } from './kind.ts';
import { condition, progressing, ready, said, type ReadinessRule } from './readiness.ts';

/**
 * The Prometheus Operator reports `Available` (True once every replica runs, Degraded while some
 * do) and `Reconciled` on its workload resources.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Condition
 */
const available: ReadinessRule = (o) => {
  const c = condition(o, 'Available');
  return c?.status === 'True' ? ready(said(c, 'Available')) : progressing(said(c ?? condition(o, 'Reconciled'), 'waiting for condition Available'));
};

/** monitoring.coreos.com workload resources (Prometheus Operator); monitors and rules are in `other.ts`. */
export const MONITORING_KINDS: readonly KindEntry[] = kindsOf('monitoring.coreos.com', [
  { kind: 'Prometheus', readiness: available, validated: true },
  { kind: 'Alertmanager', readiness: available, validated: true },
  { kind: 'AlertmanagerConfig' },
]);
