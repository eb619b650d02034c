import type { BuildContext } from '../../model/build-context.ts';
import type { Egress } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { DATASOURCE_UIDS } from './dashboards/model.ts';
import { GRAFANA_NAME, INSTANCE_LABEL } from './instance.ts';

/** OpenShift's cluster-wide query endpoint over platform and user-workload Prometheus (tenancy-free port). */
export const THANOS_QUERIER_URL = 'https://thanos-querier.openshift-monitoring.svc:9091';
export const THANOS_PORT = 9091;
/** The ServiceAccount whose token Grafana presents to Thanos Querier and the LokiStack gateway. */
export const DATASOURCE_ACCOUNT = 'grafana-datasource';
export const DATASOURCE_TOKEN_SECRET = `${DATASOURCE_ACCOUNT}-token`;
/** ConfigMap OpenShift publishes in every namespace with the service CA (`service-ca.crt`). */
export const SERVICE_CA_CONFIGMAP = 'openshift-service-ca.crt';
/** Prometheus port on Kubernetes (the prometheus-operator's `prometheus-operated` Service). */
export const PROMETHEUS_PORT = 9090;
/** Loki HTTP port (native render) and the LokiStack gateway's HTTP port. */
export const LOKI_PORT = 3100;
export const LOKISTACK_GATEWAY_PORT = 8080;

/** Where the logs datasource reads: the native Loki Service, or the LokiStack gateway's application tenant. */
export interface LogsEndpoint {
  readonly url: string;
  readonly openshift: boolean;
}

const selector = { matchLabels: { [INSTANCE_LABEL]: GRAFANA_NAME } };

/** `spec.uid` (the datasource's uid in Grafana; `spec.datasource.uid` is deprecated) is what dashboards reference. */
function datasource(ctx: BuildContext, name: string, uid: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDatasource', metadata: { name, namespace: ctx.namespace, labels: ctx.labels() }, spec: { instanceSelector: selector, uid, ...spec } };
}

/** Bearer token and service CA from the cluster, substituted by the operator (`${token}`, `${ca}`). */
const OPENSHIFT_VALUES = [
  { targetPath: 'secureJsonData.httpHeaderValue1', valueFrom: { secretKeyRef: { name: DATASOURCE_TOKEN_SECRET, key: 'token' } } },
  { targetPath: 'secureJsonData.tlsCACert', valueFrom: { configMapKeyRef: { name: SERVICE_CA_CONFIGMAP, key: 'service-ca.crt' } } },
];
const OPENSHIFT_JSON = { httpHeaderName1: 'Authorization', tlsAuthWithCACert: true };
const OPENSHIFT_SECURE = { httpHeaderValue1: 'Bearer ${token}', tlsCACert: '${service-ca.crt}' };

/**
 * The metrics datasource: Thanos Querier with a ServiceAccount token on OpenShift (the documented
 * way to read cluster and user-workload metrics), the Prometheus Service on Kubernetes.
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.18/html/monitoring/accessing-metrics#accessing-metrics-from-outside-cluster_accessing-monitoring-apis-by-using-the-cli
 * @see https://grafana.github.io/grafana-operator/docs/examples/openshift/thanos-querier/readme/
 */
export function metricsDatasource(ctx: BuildContext): KubeObject {
  const common = { name: 'Metrics', type: 'prometheus', access: 'proxy', isDefault: true, editable: false };
  if (ctx.openshift) {
    return datasource(ctx, 'metrics', DATASOURCE_UIDS.promql, {
      valuesFrom: OPENSHIFT_VALUES,
      datasource: { ...common, url: THANOS_QUERIER_URL, jsonData: { ...OPENSHIFT_JSON, timeInterval: '30s' }, secureJsonData: OPENSHIFT_SECURE },
    });
  }
  const url = `http://${ctx.serviceHost('prometheus-operated', ctx.namespaceOf('prometheus'))}:${PROMETHEUS_PORT}`;
  return datasource(ctx, 'metrics', DATASOURCE_UIDS.promql, { datasource: { ...common, url, jsonData: { timeInterval: '30s' } } });
}

/** The logs datasource (Loki). */
export function logsDatasource(ctx: BuildContext, endpoint: LogsEndpoint): KubeObject {
  const common = { name: 'Logs', type: 'loki', access: 'proxy', editable: false };
  if (endpoint.openshift) {
    return datasource(ctx, 'logs', DATASOURCE_UIDS.logql, {
      valuesFrom: OPENSHIFT_VALUES,
      datasource: { ...common, url: endpoint.url, jsonData: { ...OPENSHIFT_JSON, maxLines: 1000 }, secureJsonData: OPENSHIFT_SECURE },
    });
  }
  return datasource(ctx, 'logs', DATASOURCE_UIDS.logql, { datasource: { ...common, url: endpoint.url, jsonData: { maxLines: 1000 } } });
}

/**
 * OpenShift only: the ServiceAccount, its long-lived token Secret (filled by the token controller,
 * no value in the tree) and the bindings that let it read metrics and application logs. The
 * service CA comes from the `openshift-service-ca.crt` ConfigMap OpenShift puts in every namespace.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
 */
export function openshiftDatasourceAccess(ctx: BuildContext): { objects: KubeObject[]; secrets: SecretRequirement[]; egress: Egress[] } {
  const ns = ctx.namespace;
  const binding = (role: string): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: ctx.prefixed(`grafana-${role}`), labels: ctx.labels() },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: DATASOURCE_ACCOUNT, namespace: ns }],
  });
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DATASOURCE_ACCOUNT, namespace: ns, labels: ctx.labels() }, automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: DATASOURCE_TOKEN_SECRET, namespace: ns, labels: ctx.labels(), annotations: { 'kubernetes.io/service-account.name': DATASOURCE_ACCOUNT } },
      type: 'kubernetes.io/service-account-token',
    },
    binding('cluster-monitoring-view'),
    // Reads the `application` tenant of the LokiStack (ClusterRole shipped by the Logging operator).
    binding('cluster-logging-application-view'),
  ];
  const secrets: SecretRequirement[] = [
    {
      name: DATASOURCE_TOKEN_SECRET,
      namespace: ns,
      source: 'operator',
      type: 'kubernetes.io/service-account-token',
      keys: [{ key: 'token', kind: 'token' }],
      description: `token of ServiceAccount ${DATASOURCE_ACCOUNT}, filled by the token controller; Grafana sends it to Thanos Querier and the LokiStack gateway`,
      consumers: ['grafana'],
    },
  ];
  const egress: Egress[] = [
    {
      to: { kind: 'namespace', namespace: 'openshift-monitoring', podSelector: { 'app.kubernetes.io/name': 'thanos-query' } },
      ports: [{ port: THANOS_PORT, name: 'web' }],
      description: 'Grafana queries metrics through Thanos Querier',
    },
  ];
  return { objects, secrets, egress };
}
