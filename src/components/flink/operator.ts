import type { OperatorRequirement } from '../../model/operator.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { FLINK_OPERATOR_CHART, FLINK_OPERATOR_IMAGES } from './versions.ts';

/**
 * The Apache Flink Kubernetes operator: the community OperatorHub package on OpenShift, the
 * Helm chart from the Apache downloads repository on Kubernetes. The chart's job ServiceAccount
 * and Role are off: the component renders its own `flink` account and Role. The admission webhook
 * needs cert-manager; without it the chart runs without the webhook.
 * @see https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/operations/helm/
 * @see https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/operations/olm/
 */
export function flinkOperator(ctx: BuildContext): OperatorRequirement {
  return {
    id: 'flink-kubernetes-operator',
    displayName: 'Apache Flink Kubernetes Operator',
    olm: { package: 'flink-kubernetes-operator', channel: 'alpha', source: 'community-operators', allNamespaces: true },
    kubernetes: {
      type: 'helm',
      repo: FLINK_OPERATOR_CHART.repo,
      chart: FLINK_OPERATOR_CHART.chart,
      version: FLINK_OPERATOR_CHART.version,
      namespace: ctx.systemNamespace,
      values: {
        watchNamespaces: [ctx.namespace],
        webhook: { create: ctx.isEnabled('cert-manager') },
        jobServiceAccount: { create: false },
        rbac: { jobRole: { create: false }, jobRoleBinding: { create: false } },
      },
      // The released chart's `image.repository` (tag: the release's own).
      // @see https://github.com/apache/flink-kubernetes-operator/blob/main/helm/flink-kubernetes-operator/values.yaml
      mirrorValues: (mirror) => ({ image: { repository: mirror.repository('ghcr.io/apache/flink-kubernetes-operator') } }),
    },
    images: FLINK_OPERATOR_IMAGES,
    watchNamespaces: [ctx.namespace],
    crds: ['flinkdeployments.flink.apache.org', 'flinksessionjobs.flink.apache.org'],
    docs: 'https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/',
  };
}
