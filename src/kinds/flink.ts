import { kindsOf, type KindEntry } from './kind.ts';
import { statusOf, str, ready, progressing, failed, type ReadinessRule } from './readiness.ts';

/** Flink Kubernetes operator. @see https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/custom-resource/reference/#flinkdeploymentstatus */
const flinkDeployment: ReadinessRule = (o) => {
  const s = statusOf(o);
  const lifecycle = str(s['lifecycleState']);
  if (lifecycle === 'FAILED') return failed(`lifecycleState FAILED${s['error'] ? `: ${str(s['error']).slice(0, 300)}` : ''}`);
  const jm = str(s['jobManagerDeploymentStatus']);
  if (jm === 'ERROR') return failed(`jobManagerDeploymentStatus ERROR${s['error'] ? `: ${str(s['error']).slice(0, 300)}` : ''}`);
  if (lifecycle === 'STABLE' && jm === 'READY') return ready('STABLE, job manager READY');
  return progressing(`lifecycleState ${lifecycle || 'unset'}, jobManagerDeploymentStatus ${jm || 'unset'}`);
};

/**
 * flink.apache.org (Flink Kubernetes operator).
 * @see https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/custom-resource/reference/
 */
export const FLINK_KINDS: readonly KindEntry[] = kindsOf('flink.apache.org', [
  { kind: 'FlinkDeployment', readiness: flinkDeployment, validated: true },
  { kind: 'FlinkSessionJob' },
]);
