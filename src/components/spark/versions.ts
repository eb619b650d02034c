/**
 * Pinned versions of the Spark tier. Spark 4.0 with the matching Iceberg runtime (Spark 4.0 support
 * since Iceberg 1.10) and Nessie SQL extensions (Spark 4.0 artifacts since Nessie 0.107.4, the same
 * release line as the catalog server).
 * @see https://iceberg.apache.org/releases/
 * @see https://projectnessie.org/iceberg/spark/
 */
export const SPARK_VERSION = '4.0.3';
export const SCALA_BINARY = '2.13';
export const ICEBERG_VERSION = '1.10.2';
export const NESSIE_CLIENT_VERSION = '0.108.4';

/** The official Apache Spark image (user `spark`, UID 185), Python 3 variant for PySpark. */
export const SPARK_IMAGE = `apache/spark:${SPARK_VERSION}-scala${SCALA_BINARY}-java17-python3-ubuntu`;
export const SPARK_UID = 185;

/** Maven coordinates resolved by the driver at submit time (`spark.jars.packages`). */
export const SPARK_PACKAGES = [
  `org.apache.iceberg:iceberg-spark-runtime-4.0_${SCALA_BINARY}:${ICEBERG_VERSION}`,
  `org.apache.iceberg:iceberg-aws-bundle:${ICEBERG_VERSION}`,
  `org.projectnessie.nessie-integrations:nessie-spark-extensions-4.0_${SCALA_BINARY}:${NESSIE_CLIENT_VERSION}`,
] as const;

/**
 * The Kubeflow Spark operator Helm chart (v2 chart layout, `spark.jobNamespaces`, audit A-22).
 * @see https://github.com/kubeflow/spark-operator/tree/master/charts/spark-operator-chart
 */
export const SPARK_OPERATOR_CHART = { repo: 'https://kubeflow.github.io/spark-operator', chart: 'spark-operator', version: '2.5.2' } as const;

/**
 * The one image the chart runs (controller and webhook Deployments alike): `image.registry` +
 * `image.repository` + the chart's appVersion, which equals the chart version in 2.5.x. The
 * `hook.image` (kubectl) is pulled only with `hook.upgradeCrd`, which stays off.
 * @see https://github.com/kubeflow/spark-operator/blob/v2.5.2/charts/spark-operator-chart/values.yaml
 */
export const SPARK_OPERATOR_IMAGES = [`ghcr.io/kubeflow/spark-operator/controller:${SPARK_OPERATOR_CHART.version}`] as const;

/** Fixed Spark ports, so NetworkPolicies can name them. @see https://spark.apache.org/docs/latest/running-on-kubernetes.html */
export const SPARK_PORTS = { driverRpc: 7078, blockManager: 7079, ui: 4040 } as const;
