/**
 * Pinned versions of the Flink tier. Flink 1.20 is the LTS line, which the Kafka and Iceberg
 * connectors all support (Iceberg ships `iceberg-flink-runtime-1.20`).
 * @see https://flink.apache.org/downloads/
 */
export const FLINK_VERSION = '1.20.4';
/** The FlinkDeployment `flinkVersion` enum value. */
export const FLINK_API_VERSION = 'v1_20';
export const FLINK_IMAGE = `flink:${FLINK_VERSION}-scala_2.12-java17`;
/** The image's `flink` user. */
export const FLINK_UID = 9999;

/**
 * The operator's Helm chart from the Apache archive: downloads.apache.org keeps only the newest
 * releases and drops a version as soon as it is superseded, which would break every pinned
 * install; archive.apache.org keeps them all (docs/decisions/versions.md).
 * @see https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/try-flink-kubernetes-operator/quick-start/
 */
export const FLINK_OPERATOR_VERSION = '1.15.0';
export const FLINK_OPERATOR_CHART = {
  repo: `https://archive.apache.org/dist/flink/flink-kubernetes-operator-${FLINK_OPERATOR_VERSION}/`,
  chart: 'flink-kubernetes-operator',
  version: FLINK_OPERATOR_VERSION,
} as const;

/**
 * The image the released chart runs (operator and webhook containers): the release script writes
 * the release commit's 7-character hash into `image.tag`, so 1.15.0 pulls `:79d730b` (the
 * `release-1.15.0` tag's commit), not `:1.15.0`.
 * @see https://github.com/apache/flink-kubernetes-operator/blob/release-1.15.0/tools/releasing/create_source_release.sh
 */
export const FLINK_OPERATOR_IMAGES = ['ghcr.io/apache/flink-kubernetes-operator:79d730b'] as const;

/** Ports. @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/deployment/metric_reporters/#prometheus */
export const FLINK_PORTS = { rest: 8081, rpc: 6123, blob: 6124, taskManagerRpc: 6122, taskManagerData: 6121, metrics: 9249 } as const;
