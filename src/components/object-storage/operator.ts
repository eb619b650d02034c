import type { OperatorRequirement } from '../../model/operator.ts';

/** The last MinIO operator release (the repository's HEAD is dated 2025-10-03, audit A-39). */
export const MINIO_OPERATOR_VERSION = '7.1.1';

/**
 * The tenant sidecar and init container image the 7.1.1 operator defaults to (`DefaultSidecarImage`,
 * overridden by the chart's `operator.sidecarImage` through `OPERATOR_SIDECAR_IMAGE`): v7.0.1, not
 * the operator's own tag.
 * @see https://github.com/minio/operator/blob/v7.1.1/pkg/resources/statefulsets/minio-sidecar.go
 */
export const MINIO_SIDECAR_IMAGE = { repository: 'quay.io/minio/operator-sidecar', tag: 'v7.0.1' } as const;

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
    // The chart's `operator.image.repository` (tag: the chart's own) and `operator.sidecarImage`,
    // which the tenant pods' sidecar and init container pull (empty by default: the operator's own default).
    // @see https://github.com/minio/operator/blob/v7.1.1/helm/operator/values.yaml
    mirrorValues: (mirror) => ({
      operator: {
        image: { repository: mirror.repository('quay.io/minio/operator') },
        sidecarImage: { repository: mirror.repository(MINIO_SIDECAR_IMAGE.repository), tag: MINIO_SIDECAR_IMAGE.tag },
      },
    }),
  },
  images: [`quay.io/minio/operator:v${MINIO_OPERATOR_VERSION}`, `${MINIO_SIDECAR_IMAGE.repository}:${MINIO_SIDECAR_IMAGE.tag}`],
  crds: ['tenants.minio.min.io', 'policybindings.sts.min.io'],
  docs: 'https://github.com/minio/operator/blob/master/README.md',
};
