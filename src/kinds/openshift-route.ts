import { kindsOf, type KindEntry } from './kind.ts';
import { statusOf, said, ready, progressing, failed, type ReadinessRule, type Condition } from './readiness.ts';

const route: ReadinessRule = (o) => {
  const ingress = Array.isArray(statusOf(o)['ingress']) ? (statusOf(o)['ingress'] as { conditions?: Condition[]; routerName?: string }[]) : [];
  const conditions = ingress.flatMap((i) => i.conditions ?? []).filter((c) => c.type === 'Admitted');
  const rejected = conditions.find((c) => c.status === 'False');
  if (rejected) return failed(`not admitted: ${said(rejected, 'rejected')}`);
  return conditions.some((c) => c.status === 'True') ? ready('admitted') : progressing('waiting for a router to admit it');
};

/**
 * route.openshift.io.
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.14/html/network_apis/route-route-openshift-io-v1
 */
export const OPENSHIFT_ROUTE_KINDS: readonly KindEntry[] = kindsOf('route.openshift.io', [
  { kind: 'Route', readiness: route },
]);
