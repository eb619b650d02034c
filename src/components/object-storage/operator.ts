import type { OperatorRequirement } from '../../model/operator.ts';

/** The last MinIO operator release (the repository's HEAD is dated 2025-10-03, audit A-39). */
export const MINIO_OPERATOR_VERSION = '7.1.1';

/**
 * The MinIO operator. On OpenShift the certified bundle (AllNamespaces, `openshift-operators`);
 * on Kubernetes the upstream Helm chart.
 * @see https://github.com/minio/operator/tree/master/helm/operator
 */
export const MINIO_OPERATOR: OperatorRequirement = {
  id: 'minio',
  displayName: 'MinIO Operator (community edition, maintenance mode)',
  olm: { package: 'minio-operator', channel: 'stable', source: 'certified-operators', allNamespaces: true },
  kubernetes: {
    type: 'helm',
    repo: 'https://operator.min.io',
    chart: 'operator',
    version: MINIO_OPERATOR_VERSION,
    namespace: 'minio-operator',
    // The chart's `operator.image.repository` (tag: the chart's own).
    // @see https://github.com/minio/operator/blob/master/helm/operator/values.yaml
    mirrorValues: (mirror) => ({ operator: { image: { repository: mirror.repository('quay.io/minio/operator') } } }),
  },
  crds: ['tenants.minio.min.io', 'policybindings.sts.min.io'],
  docs: 'https://github.com/minio/operator/blob/master/README.md',
};
