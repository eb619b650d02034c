import { kindsOf, type KindEntry } from './kind.ts';
import { statusOf, str, condition, said, ready, progressing, failed, type ReadinessRule } from './readiness.ts';

const subscription: ReadinessRule = (o) => {
  const resolution = condition(o, 'ResolutionFailed');
  if (resolution?.status === 'True') return failed(said(resolution, 'dependency resolution failed'));
  const installed = str(statusOf(o)['installedCSV']);
  if (installed === '') {
    const catalog = condition(o, 'CatalogSourcesUnhealthy');
    const state = str(statusOf(o)['state']);
    return progressing(catalog?.status === 'True' ? said(catalog, 'catalog sources unhealthy') : `waiting for an installed CSV${state ? ` (state ${state})` : ''}`);
  }
  return progressing(`installed ${installed}`, { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', name: installed, namespace: o.metadata.namespace ?? '' });
};

const csv: ReadinessRule = (o) => {
  const phase = str(statusOf(o)['phase']);
  if (phase === 'Succeeded') return ready('Succeeded');
  if (phase === 'Failed') return failed(`Failed: ${str(statusOf(o)['message']) || str(statusOf(o)['reason'])}`);
  return progressing(`phase ${phase || 'unset'}${statusOf(o)['message'] ? `: ${str(statusOf(o)['message'])}` : ''}`);
};

/**
 * operators.coreos.com (Operator Lifecycle Manager).
 * @see https://olm.operatorframework.io/docs/concepts/crds/
 */
export const OLM_KINDS: readonly KindEntry[] = kindsOf('operators.coreos.com', [
  { kind: 'Subscription', readiness: subscription },
  // Followed from its Subscription, never applied.
  { kind: 'ClusterServiceVersion', readiness: csv, waited: false },
  { kind: 'OperatorGroup' },
]);
