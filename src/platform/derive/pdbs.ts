import type { DisruptionSpec } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { Deriver, PlacedObject } from '../platform.ts';

/**
 * The PodDisruptionBudget for one workload, or none. One replica gets none (a PDB with
 * maxUnavailable 0 would block every drain); operator-managed workloads get none (audit A-06).
 */
export function pdbFor(spec: DisruptionSpec, labels: Record<string, string>): KubeObject | undefined {
  if (spec.operatorManaged || spec.replicas < 2) return undefined;
  const budget: Record<string, unknown> =
    spec.minAvailable !== undefined ? { minAvailable: spec.minAvailable } : { maxUnavailable: spec.maxUnavailable ?? 1 };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: spec.name, namespace: spec.namespace, labels },
    spec: { ...budget, selector: { matchLabels: { ...spec.selector } } },
  };
}

export const derivePdbs: Deriver = (draft) => {
  const out: PlacedObject[] = [];
  for (const [name, built] of draft.components) {
    for (const spec of built.build.disruption) {
      const labels = { 'app.kubernetes.io/name': name };
      const pdb = pdbFor(spec, labels);
      if (pdb) out.push({ owner: name, object: pdb });
    }
  }
  return out;
};
