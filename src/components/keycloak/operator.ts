import type { OperatorRequirement } from '../../model/operator.ts';

/** Keycloak and its operator ship together; the operator deploys the server of its own version. */
export const KEYCLOAK_VERSION = '26.7.0';
const RESOURCES = `https://raw.githubusercontent.com/keycloak/keycloak-k8s-resources/${KEYCLOAK_VERSION}/kubernetes`;

/**
 * The Keycloak operator. OpenShift: the community package `keycloak-operator` from
 * `community-operators`, channel `fast` (upstream's instructions); the Red Hat build
 * (`rhbk-operator`) is the supported alternative, see docs/decisions/identity.md. Kubernetes: the
 * operator manifest upstream publishes per release in keycloak-k8s-resources, applied in the
 * Keycloak namespace: the operator watches only the namespace it runs in.
 * @see https://www.keycloak.org/operator/installation
 */
export function keycloakOperator(namespace: string): OperatorRequirement {
  return {
    id: 'keycloak',
    displayName: 'Keycloak Operator',
    olm: { package: 'keycloak-operator', channel: 'fast', source: 'community-operators', allNamespaces: false },
    kubernetes: {
      type: 'manifest',
      url: `${RESOURCES}/kubernetes.yml`,
      // Upstream publishes the two CRDs as their own files beside the operator's manifest.
      additionalUrls: [`${RESOURCES}/keycloaks.k8s.keycloak.org-v1.yml`, `${RESOURCES}/keycloakrealmimports.k8s.keycloak.org-v1.yml`],
      version: KEYCLOAK_VERSION,
      namespace,
    },
    images: [`quay.io/keycloak/keycloak-operator:${KEYCLOAK_VERSION}`, `quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}`],
    crds: ['keycloaks.k8s.keycloak.org', 'keycloakrealmimports.k8s.keycloak.org'],
    docs: 'https://www.keycloak.org/operator/installation',
  };
}
