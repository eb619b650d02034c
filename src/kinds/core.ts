import { always, kindsOf, type KindEntry } from './kind.ts';
import { statusOf, specOf, str, ready, progressing, failed, type ReadinessRule } from './readiness.ts';

const namespace: ReadinessRule = (o) => (str(statusOf(o)['phase']) === 'Terminating' ? progressing('namespace is terminating') : ready('Active'));

const pvc: ReadinessRule = (o, context) => {
  const phase = str(statusOf(o)['phase']);
  if (phase === 'Bound') return ready('Bound');
  if (phase === 'Lost') return failed('phase Lost: the bound volume is gone');
  const className = str(specOf(o)['storageClassName']);
  if (context.bindingMode?.(className) === 'WaitForFirstConsumer') return ready('Pending until first consumer (WaitForFirstConsumer)');
  return progressing(`phase ${phase || 'unset'}`);
};

/**
 * core (v1).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
export const CORE_KINDS: readonly KindEntry[] = kindsOf('', [
  { kind: 'Namespace', readiness: namespace, waited: false, clusterScoped: true },
  { kind: 'PersistentVolumeClaim', readiness: pvc, validated: false, holdsData: always },
  { kind: 'ConfigMap' },
  { kind: 'Secret' },
  { kind: 'Service' },
  { kind: 'ServiceAccount' },
  { kind: 'ResourceQuota' },
  { kind: 'LimitRange' },
  { kind: 'Pod' },
  { kind: 'PersistentVolume', clusterScoped: true },
  { kind: 'Node', clusterScoped: true },
]);
