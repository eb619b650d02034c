import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { OperatorRequirement } from '../../model/operator.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { LOKISTACK_NAME } from './endpoint.ts';
import { LOKI_BUCKET } from './native.ts';
import type { LokiOptions } from './options.ts';
import { LOKISTACK_SIZE } from './sizing.ts';

/** Logging for Red Hat OpenShift: both operators must run the same minor (`stable-6.6`). */
const LOGGING_CHANNEL = 'stable-6.6';

/**
 * The Loki Operator (Red Hat build), in `openshift-operators-redhat` as Red Hat documents.
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.4/html/installing_logging/installing-loki-and-logging-cli_installing-logging
 */
export const LOKI_OPERATOR: OperatorRequirement = {
  id: 'loki-operator',
  displayName: 'Loki Operator',
  olm: { package: 'loki-operator', channel: LOGGING_CHANNEL, source: 'redhat-operators', allNamespaces: true, installNamespace: 'openshift-operators-redhat' },
  // OpenShift only (the Kubernetes target renders Loki natively); the Helm source is the upstream chart.
  kubernetes: { type: 'manifest', url: 'https://github.com/grafana/loki/releases/download/operator%2Fv0.11.0/loki-operator.yaml', version: '0.11.0', namespace: 'loki-operator' },
  crds: ['lokistacks.loki.grafana.com', 'alertingrules.loki.grafana.com', 'recordingrules.loki.grafana.com', 'rulerconfigs.loki.grafana.com'],
  docs: 'https://docs.redhat.com/en/documentation/red_hat_openshift_logging/',
};

/**
 * The Red Hat OpenShift Logging Operator (Vector collector, `ClusterLogForwarder`).
 * @see https://docs.openshift.com/en/documentation/red_hat_openshift_logging/6.6/html/install/install-the-red-hat-openshift-logging-operator
 */
export const LOGGING_OPERATOR: OperatorRequirement = {
  id: 'cluster-logging',
  displayName: 'Red Hat OpenShift Logging',
  olm: { package: 'cluster-logging', channel: LOGGING_CHANNEL, source: 'redhat-operators', allNamespaces: true, installNamespace: 'openshift-logging' },
  kubernetes: { type: 'manifest', url: 'https://github.com/openshift/cluster-logging-operator', version: '6.6', namespace: 'openshift-logging' },
  crds: ['clusterlogforwarders.observability.openshift.io'],
  docs: 'https://docs.redhat.com/en/documentation/red_hat_openshift_logging/',
};

/** The object storage Secret in the LokiStack's own format. */
export const LOKISTACK_SECRET = 'logging-loki-s3';
/** The collector's ServiceAccount (bound to the Logging operator's collect-* ClusterRoles). */
export const COLLECTOR_ACCOUNT = 'logcollector';

/**
 * The LokiStack's S3 Secret, in the key names the Loki Operator reads (`bucketnames`, `endpoint`,
 * `region`, `access_key_id`, `access_key_secret`, optional `forcepathstyle`). `deploy` copies it
 * from the store's own Secret for the `apps` bucket (the user's Secret, the MinIO user, or the
 * bucket's ObjectBucketClaim Secret), renaming the two keys and adding the non-secret values from
 * the object-storage settings (docs/decisions/observability-logs.md).
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.2/html/configuring_logging/logging-loki-storage_configuring-the-log-store
 */
export function lokiStackSecret(ctx: BuildContext): SecretRequirement {
  const s3 = ctx.objectStorage;
  const creds = s3.credentials(LOKI_BUCKET);
  const from = s3.source(LOKI_BUCKET);
  const fixedValues = {
    bucketnames: s3.buckets[LOKI_BUCKET],
    endpoint: s3.endpoint,
    region: s3.region,
    // Non-AWS endpoints default to path style; state it so a virtual-hosted external store also works.
    forcepathstyle: String(s3.pathStyle),
  };
  return {
    name: LOKISTACK_SECRET,
    namespace: ctx.namespace,
    source: 'copy',
    copyFrom: { ...from, keyMap: { access_key_id: creds.accessKeyKey, access_key_secret: creds.secretKeyKey }, fixedValues },
    keys: [
      ...Object.entries(fixedValues).map(([key, value]) => ({ key, kind: 'username' as const, value })),
      { key: 'access_key_id', kind: 'token' },
      { key: 'access_key_secret', kind: 'token' },
    ],
    description: `S3 keys for the LokiStack in its own key names: bucket ${s3.buckets[LOKI_BUCKET]} at ${s3.endpoint}, keys ${creds.accessKeyKey}/${creds.secretKeyKey} copied from ${from.namespace}/${from.name}`,
    consumers: ['loki'],
  };
}

/** ODF's block class when ODF provides the platform's storage and no class is named. */
export const ODF_BLOCK_CLASS = 'ocs-storagecluster-ceph-rbd';

/**
 * The LokiStack requires a StorageClass name (its schema has no "cluster default"): the
 * standard tier's class, else ODF's block class.
 */
export function lokiStackStorageClass(ctx: BuildContext): string {
  return ctx.storageClass('standard') ?? ODF_BLOCK_CLASS;
}

function clusterRoleBinding(ctx: BuildContext, role: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: ctx.prefixed(`logcollector-${role}`), labels: ctx.labels('collector') },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: COLLECTOR_ACCOUNT, namespace: ctx.namespace }],
  };
}

/**
 * OpenShift: a LokiStack on the platform's object storage (tenancy `openshift-logging`, retention
 * from the profile) and a ClusterLogForwarder sending application and infrastructure logs to it.
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.2/html/configuring_logging/configuring-log-forwarding
 */
export function openshiftLogging(ctx: BuildContext<LokiOptions>, retentionDays: number): { objects: KubeObject[]; secrets: SecretRequirement[] } {
  // The LokiStack reads the store's CA from a ConfigMap in its own namespace (`storage.tls.caName`).
  const trust = ctx.objectStorage.consumerTrust(ctx.namespace, 'loki');
  const ca = trust?.ref.kind === 'configMap' ? trust.ref : undefined;
  const storageClassName = lokiStackStorageClass(ctx);
  const lokiStack: KubeObject = {
    apiVersion: 'loki.grafana.com/v1',
    kind: 'LokiStack',
    metadata: { name: LOKISTACK_NAME, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      size: LOKISTACK_SIZE[ctx.profile],
      storage: {
        schemas: [{ version: 'v13', effectiveDate: '2024-10-01' }],
        secret: { name: LOKISTACK_SECRET, type: 's3' },
        ...(ca ? { tls: { caName: ca.name, caKey: ca.key } } : {}),
      },
      storageClassName,
      tenants: { mode: 'openshift-logging' },
      limits: { global: { retention: { days: retentionDays } } },
    },
  };
  const forwarder: KubeObject = {
    apiVersion: 'observability.openshift.io/v1',
    kind: 'ClusterLogForwarder',
    metadata: { name: 'logging', namespace: ctx.namespace, labels: ctx.labels('collector') },
    spec: {
      serviceAccount: { name: COLLECTOR_ACCOUNT },
      outputs: [
        {
          name: 'default-lokistack',
          type: 'lokiStack',
          lokiStack: { target: { name: LOKISTACK_NAME, namespace: ctx.namespace }, authentication: { token: { from: 'serviceAccount' } } },
          tls: { ca: { configMapName: 'openshift-service-ca.crt', key: 'service-ca.crt' } },
        },
      ],
      pipelines: [{ name: 'default-logstore', inputRefs: ['application', 'infrastructure'], outputRefs: ['default-lokistack'] }],
    },
  };
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: COLLECTOR_ACCOUNT, namespace: ctx.namespace, labels: ctx.labels('collector') }, automountServiceAccountToken: false },
    clusterRoleBinding(ctx, 'collect-application-logs'),
    clusterRoleBinding(ctx, 'collect-infrastructure-logs'),
    clusterRoleBinding(ctx, 'logging-collector-logs-writer'),
    lokiStack,
    forwarder,
  ];
  return { objects, secrets: [lokiStackSecret(ctx), ...(trust?.secrets ?? [])] };
}
