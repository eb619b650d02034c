import { resolveIntents } from '../network/intents.ts';
import { renderNetworkPolicies } from '../network/render.ts';
import type { Deriver } from '../platform.ts';
import { createdNamespaces, namespaceOwner } from './namespaces.ts';

/**
 * NetworkPolicies from the declared flows: default-deny ingress and egress in every namespace we create
 * namespace, DNS for every pod, and an allow rule on both ends of every declared connection
 * (namespaces selected by `kubernetes.io/metadata.name`, pods by component labels, explicit ports).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see docs/security/networking.md
 */
export const deriveNetworkPolicies: Deriver = (draft) => {
  // Dedicated operator namespaces (cert-manager-operator on OpenShift) count as platform namespaces
  // here, so they get default-deny, DNS, and the operator's API server egress like the system namespace.
  const namespaces = createdNamespaces(draft);
  const { intents } = resolveIntents({ ...draft, namespaces });
  const ownerOf = namespaceOwner(draft);
  return renderNetworkPolicies({ namespaces, intents, enabled: new Set(draft.components.keys()) }).map((placed) =>
    placed.owner === 'platform' && placed.object.metadata.namespace !== undefined ? { ...placed, owner: ownerOf(placed.object.metadata.namespace) } : placed,
  );
};
