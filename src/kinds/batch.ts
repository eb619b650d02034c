import { kindsOf, type KindEntry } from './kind.ts';
import { statusOf, num, condition, said, ready, progressing, failed, exists, type ReadinessRule } from './readiness.ts';

const job: ReadinessRule = (o) => {
  const fail = condition(o, 'Failed');
  if (fail?.status === 'True') return failed(said(fail, 'job failed'));
  const complete = condition(o, 'Complete');
  if (complete?.status === 'True') return ready('complete');
  return progressing(`${num(statusOf(o)['active'])} active, ${num(statusOf(o)['failed'])} failed`);
};

/**
 * batch.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export const BATCH_KINDS: readonly KindEntry[] = kindsOf('batch', [
  { kind: 'Job', readiness: job },
  // A schedule, not a run: nothing to wait for.
  { kind: 'CronJob', readiness: exists, waited: false },
]);
