import { resolveIntents } from '../network/intents.ts';
import { renderNetworkPolicies } from '../network/render.ts';
import type { Deriver } from '../platform.ts';

/**
 * NetworkPolicies from the declared flows: default-deny ingress and egress in every platform
 * namespace, DNS for every pod, and an allow rule on both ends of every declared connection
 * (namespaces selected by `kubernetes.io/metadata.name`, pods by component labels, explicit ports).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see docs/security/networking.md
 */
export const deriveNetworkPolicies: Deriver = (draft) => {
  const { intents } = resolveIntents(draft);
  return renderNetworkPolicies({ namespaces: draft.namespaces, intents, enabled: new Set(draft.components.keys()) });
};
