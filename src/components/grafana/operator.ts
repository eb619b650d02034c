import type { OperatorRequirement } from '../../model/operator.ts';

/** Grafana Operator release (v5.24.0, the release the shared CRDs come from). */
export const GRAFANA_OPERATOR_VERSION = '5.24.0';

/**
 * The Grafana Operator: OLM package `grafana-operator` in the community catalog (channel `v5`,
 * all install modes), or its OCI Helm chart on Kubernetes.
 * @see https://grafana.github.io/grafana-operator/docs/installation/helm/
 * @see https://grafana.github.io/grafana-operator/docs/versioning
 */
export const GRAFANA_OPERATOR: OperatorRequirement = {
  id: 'grafana-operator',
  displayName: 'Grafana Operator',
  olm: { package: 'grafana-operator', channel: 'v5', source: 'community-operators', allNamespaces: true },
  kubernetes: {
    type: 'helm',
    repo: 'oci://ghcr.io/grafana/helm-charts',
    chart: 'grafana-operator',
    version: GRAFANA_OPERATOR_VERSION,
    namespace: 'grafana-operator',
    // The chart splits `image.registry` (ghcr.io) from `image.repository` (grafana/grafana-operator).
    // @see https://github.com/grafana/grafana-operator/blob/master/deploy/helm/grafana-operator/values.yaml
    mirrorValues: (mirror) => ({ image: { registry: mirror.registry } }),
  },
  images: [`ghcr.io/grafana/grafana-operator:v${GRAFANA_OPERATOR_VERSION}`],
  crds: [
    'grafanas.grafana.integreatly.org',
    'grafanadashboards.grafana.integreatly.org',
    'grafanadatasources.grafana.integreatly.org',
    'grafanafolders.grafana.integreatly.org',
  ],
  docs: 'https://grafana.github.io/grafana-operator/docs/',
};
