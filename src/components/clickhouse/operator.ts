import type { OperatorRequirement } from '../../model/operator.ts';

/**
 * Altinity operator release (release-0.27.3, 2026-08-11): the Helm chart and its two images. OLM
 * follows the `latest` channel, which carries the newest bundle.
 * @see https://github.com/Altinity/clickhouse-operator/releases/tag/release-0.27.3
 */
export const ALTINITY_OPERATOR_VERSION = '0.27.3';

/**
 * The Altinity Kubernetes Operator for ClickHouse: OLM package `clickhouse` in the community
 * catalog (channel `latest`, all install modes), or its Helm chart.
 * @see https://github.com/Altinity/clickhouse-operator/blob/master/docs/operator_installation_details.md
 */
export const ALTINITY_OPERATOR: OperatorRequirement = {
  id: 'clickhouse',
  displayName: 'Altinity Kubernetes Operator for ClickHouse',
  olm: { package: 'clickhouse', channel: 'latest', source: 'community-operators', allNamespaces: true },
  kubernetes: {
    type: 'helm',
    repo: 'https://helm.altinity.com',
    chart: 'altinity-clickhouse-operator',
    version: ALTINITY_OPERATOR_VERSION,
    namespace: 'clickhouse-operator',
    // The operator and its metrics exporter (tags: the chart's appVersion).
    // @see https://github.com/Altinity/clickhouse-operator/blob/master/deploy/helm/clickhouse-operator/values.yaml
    mirrorValues: (mirror) => ({
      operator: { image: { repository: mirror.repository('altinity/clickhouse-operator') } },
      metrics: { image: { repository: mirror.repository('altinity/metrics-exporter') } },
    }),
  },
  images: [`altinity/clickhouse-operator:${ALTINITY_OPERATOR_VERSION}`, `altinity/metrics-exporter:${ALTINITY_OPERATOR_VERSION}`],
  crds: [
    'clickhouseinstallations.clickhouse.altinity.com',
    'clickhouseinstallationtemplates.clickhouse.altinity.com',
    'clickhouseoperatorconfigurations.clickhouse.altinity.com',
    'clickhousekeeperinstallations.clickhouse-keeper.altinity.com',
  ],
  docs: 'https://github.com/Altinity/clickhouse-operator/tree/master/docs',
};
