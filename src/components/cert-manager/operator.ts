import type { Profile } from '../../model/names.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import type { ResourceSpec } from '../../model/resources.ts';

/** The pinned cert-manager release (Helm chart `jetstack/cert-manager`, tags carry the `v`). */
export const CERT_MANAGER_VERSION = '1.21.2';

/**
 * Where cert-manager runs and keeps the Secrets of ClusterIssuers (its "cluster resource
 * namespace"): `cert-manager` on both targets. The OpenShift operator deploys its operands there
 * and does not support moving it (`--cluster-resource-namespace` is not among its supported overrides).
 * @see https://cert-manager.io/docs/configuration/#cluster-resource-namespace
 */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

/** The webhook's secure port (upstream default) and the controller's metrics port. */
export const CERT_MANAGER_WEBHOOK_PORT = 10250;
export const CERT_MANAGER_METRICS_PORT = 9402;

/** The Deployments the chart (and the OpenShift operator) run, by their `app.kubernetes.io/name`. */
export const CERT_MANAGER_PARTS = ['cert-manager', 'webhook', 'cainjector'] as const;
export type CertManagerPart = (typeof CERT_MANAGER_PARTS)[number];

/** Replicas per part: upstream's best-practice installation runs 2 controllers, 3 webhooks, 2 cainjectors. */
export const CERT_MANAGER_REPLICAS: Record<Profile, Record<CertManagerPart, number>> = {
  dev: { 'cert-manager': 1, webhook: 1, cainjector: 1 },
  small: { 'cert-manager': 2, webhook: 2, cainjector: 2 },
  production: { 'cert-manager': 2, webhook: 3, cainjector: 2 },
};

export const CERT_MANAGER_RESOURCES: Record<CertManagerPart, ResourceSpec> = {
  'cert-manager': { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  webhook: { requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  cainjector: { requests: { cpu: '20m', memory: '128Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
};

/** Helm values: CRDs with the chart (kept on uninstall), HA replicas with PDBs, pinned resources, metrics on. */
function helmValues(profile: Profile): Record<string, unknown> {
  const replicas = CERT_MANAGER_REPLICAS[profile];
  const part = (name: CertManagerPart) => ({
    replicaCount: replicas[name],
    resources: { requests: { ...CERT_MANAGER_RESOURCES[name].requests }, limits: { ...CERT_MANAGER_RESOURCES[name].limits } },
    podDisruptionBudget: { enabled: replicas[name] > 1, ...(replicas[name] > 1 ? { maxUnavailable: 1 } : {}) },
  });
  return {
    crds: { enabled: true, keep: true },
    ...part('cert-manager'),
    webhook: { ...part('webhook'), securePort: CERT_MANAGER_WEBHOOK_PORT },
    cainjector: part('cainjector'),
    prometheus: { enabled: true, servicemonitor: { enabled: false } },
  };
}

/**
 * cert-manager. OpenShift: the "cert-manager Operator for Red Hat OpenShift" (Red Hat catalog,
 * `stable-v1`, AllNamespaces). Kubernetes: the upstream Helm chart with its CRDs.
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.14/html/security_and_compliance/cert-manager-operator-for-red-hat-openshift
 * @see https://cert-manager.io/docs/installation/helm/
 */
export function certManagerOperator(profile: Profile): OperatorRequirement {
  return {
    id: 'cert-manager',
    displayName: 'cert-manager',
    olm: {
      package: 'openshift-cert-manager-operator',
      channel: 'stable-v1',
      source: 'redhat-operators',
      allNamespaces: true,
      // The operator's namespace is hard-coded upstream (openshift/cert-manager-operator README).
      installNamespace: 'cert-manager-operator',
    },
    kubernetes: {
      type: 'helm',
      repo: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      version: `v${CERT_MANAGER_VERSION}`,
      namespace: CERT_MANAGER_NAMESPACE,
      values: helmValues(profile),
      // Each Deployment's and Job's `image.repository` is a full repository override (tags: the chart's appVersion).
      // @see https://github.com/cert-manager/cert-manager/blob/master/deploy/charts/cert-manager/values.yaml
      mirrorValues: (mirror) => {
        const repository = (part: string) => ({ image: { repository: mirror.repository(`quay.io/jetstack/cert-manager-${part}`) } });
        return { ...repository('controller'), webhook: repository('webhook'), cainjector: repository('cainjector'), acmesolver: repository('acmesolver'), startupapicheck: repository('startupapicheck') };
      },
    },
    images: ['controller', 'webhook', 'cainjector', 'acmesolver', 'startupapicheck'].map((part) => `quay.io/jetstack/cert-manager-${part}:v${CERT_MANAGER_VERSION}`),
    crds: [
      'certificates.cert-manager.io',
      'certificaterequests.cert-manager.io',
      'issuers.cert-manager.io',
      'clusterissuers.cert-manager.io',
      'orders.acme.cert-manager.io',
      'challenges.acme.cert-manager.io',
    ],
    docs: 'https://cert-manager.io/docs/installation/',
  };
}
