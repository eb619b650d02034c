import { kindsOf, type KindEntry } from './kind.ts';
import { condition, said, ready, progressing, failed, type ReadinessRule } from './readiness.ts';

const crd: ReadinessRule = (o) => {
  const names = condition(o, 'NamesAccepted');
  if (names?.status === 'False') return failed(said(names, 'names not accepted'));
  const established = condition(o, 'Established');
  return established?.status === 'True' ? ready('Established') : progressing(said(established, 'not established yet'));
};

/**
 * apiextensions.k8s.io.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 */
export const APIEXTENSIONS_KINDS: readonly KindEntry[] = kindsOf('apiextensions.k8s.io', [
  { kind: 'CustomResourceDefinition', readiness: crd, clusterScoped: true },
]);
