import type { Deriver, PlacedObject } from '../platform.ts';
import { platformLabels } from './platform-labels.ts';

/**
 * One Namespace per platform namespace. On Kubernetes, Pod Security Admission enforces
 * "restricted"; on OpenShift the label syncer sets PSA from the SCCs, so we only audit/warn.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export const deriveNamespaces: Deriver = (draft) => {
  const out: PlacedObject[] = [];
  for (const name of draft.namespaces) {
    const labels: Record<string, string> = {
      ...platformLabels(draft.config, 'namespace'),
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    };
    if (draft.config.target === 'kubernetes') labels['pod-security.kubernetes.io/enforce'] = 'restricted';
    if (draft.config.target === 'openshift') labels['openshift.io/cluster-monitoring'] = 'false';
    out.push({
      owner: 'platform',
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels,
          annotations: { 'datalyptica.io/layout': draft.config.layout, 'datalyptica.io/profile': draft.config.profile },
        },
      },
    });
  }
  return out;
};
