import type { OperatorRequirement } from '../../model/operator.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { SPARK_OPERATOR_CHART, SPARK_OPERATOR_IMAGES } from './versions.ts';

/**
 * The Kubeflow Spark operator, watching only the processing namespace (the chart
 * watches `default` unless `spark.jobNamespaces` lists ours). The chart's own Spark
 * ServiceAccount and RBAC are off: the component renders a least-privilege driver account.
 * OpenShift has no maintained OperatorHub package (the community `spark-gcp` bundle is Spark 2.4
 * for OpenShift 4.6–4.8), so the Helm chart is used on both targets.
 * @see https://www.kubeflow.org/docs/components/spark-operator/getting-started/
 */
export function sparkOperator(ctx: BuildContext): OperatorRequirement {
  return {
    id: 'spark-operator',
    displayName: 'Kubeflow Spark Operator',
    olm: { package: 'spark-gcp', channel: 'alpha', source: 'community-operators', allNamespaces: true },
    openshiftInstall: 'kubernetes',
    kubernetes: {
      type: 'helm',
      repo: SPARK_OPERATOR_CHART.repo,
      chart: SPARK_OPERATOR_CHART.chart,
      version: SPARK_OPERATOR_CHART.version,
      namespace: ctx.systemNamespace,
      values: {
        spark: {
          jobNamespaces: [ctx.namespace],
          serviceAccount: { create: false },
          rbac: { create: false },
        },
        // The mutating webhook applies driver/executor env, volumes and security contexts.
        webhook: { enable: true },
      },
      // The chart splits `image.registry` (ghcr.io) from `image.repository` (kubeflow/spark-operator/controller).
      // @see https://github.com/kubeflow/spark-operator/blob/master/charts/spark-operator-chart/values.yaml
      mirrorValues: (mirror) => ({ image: { registry: mirror.registry } }),
    },
    images: SPARK_OPERATOR_IMAGES,
    watchNamespaces: [ctx.namespace],
    crds: ['sparkapplications.sparkoperator.k8s.io', 'scheduledsparkapplications.sparkoperator.k8s.io'],
    docs: 'https://www.kubeflow.org/docs/components/spark-operator/getting-started/',
  };
}
