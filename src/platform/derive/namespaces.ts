import type { Deriver, Owner, PlacedObject, PlatformDraft } from '../platform.ts';
import { platformLabels } from './platform-labels.ts';

/**
 * One Namespace per platform namespace. On Kubernetes, Pod Security Admission enforces
 * "restricted"; on OpenShift the label syncer sets PSA from the SCCs, so we only audit/warn.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
/**
 * Every namespace the platform creates: the layout's, plus the dedicated ones the operators phase
 * renders before the quota and NetworkPolicy derivers run (on OpenShift the Red Hat cert-manager
 * operator's `cert-manager-operator`, whose name is fixed upstream). Each gets a quota and default-deny.
 */
export function createdNamespaces(draft: Pick<PlatformDraft, 'namespaces' | 'objects'>): string[] {
  const extra = draft.objects.filter((p) => p.object.kind === 'Namespace' && p.object.apiVersion === 'v1').map((p) => p.object.metadata.name);
  return [...new Set([...draft.namespaces, ...extra])].sort();
}

/**
 * Who owns the objects derived into a namespace: the owner of its Namespace object when a component
 * or the operators phase renders it (so its quota and policies are applied after the namespace
 * exists, in the same deploy unit), the platform otherwise.
 */
export function namespaceOwner(draft: Pick<PlatformDraft, 'objects'>): (namespace: string) => Owner {
  const owners = new Map(draft.objects.filter((p) => p.object.kind === 'Namespace' && p.object.apiVersion === 'v1').map((p) => [p.object.metadata.name, p.owner] as const));
  return (namespace) => owners.get(namespace) ?? 'platform';
}

export const deriveNamespaces: Deriver = (draft) => {
  const out: PlacedObject[] = [];
  // A component with a namespace of its own may enforce a wider level there (the log collector).
  const levels = new Map<string, string>();
  for (const built of draft.components.values()) {
    if (built.build.podSecurity !== undefined && built.definition.ownNamespace !== undefined) levels.set(built.namespace, built.build.podSecurity.level);
  }
  for (const name of draft.namespaces) {
    // The declared exception applies to all three modes: warning on every apply of the one workload
    // the namespace exists for would only teach users to ignore Pod Security warnings.
    const level = levels.get(name) ?? 'restricted';
    const labels: Record<string, string> = {
      ...platformLabels(draft.config, 'namespace'),
      'pod-security.kubernetes.io/audit': level,
      'pod-security.kubernetes.io/warn': level,
    };
    if (draft.config.target === 'kubernetes') labels['pod-security.kubernetes.io/enforce'] = level;
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
