import type { BuildContext } from '../../model/build-context.ts';
import type { Egress } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { MONITOR_LABEL, type AlertRule } from '../../model/metrics.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { downAlert } from '../../platform/monitoring.ts';
import type { PrometheusOptions } from './options.ts';

/**
 * The headless Service (and its Endpoints/EndpointSlices, one address per node) the Prometheus
 * Operator keeps in sync with the nodes when started with `--kubelet-service=kube-system/kubelet`
 * (the chart's `prometheusOperator.kubeletService`). The operator labels it `k8s-app: kubelet` and
 * `app.kubernetes.io/name: kubelet` and names the secure port `https-metrics` (10250).
 * @see https://github.com/prometheus-operator/prometheus-operator/blob/main/pkg/kubelet/controller.go
 */
export const KUBELET_SERVICE = { namespace: 'kube-system', name: 'kubelet', port: 'https-metrics', targetPort: 10250 } as const;

/** The scrape job of the kubelets, as rules select it (`up{namespace="kube-system",job="kubelet"}`). */
export const KUBELET_JOB = 'kubelet';

/** What we keep of the kubelet's `/metrics`: the volume statistics the volume-almost-full alerts read. */
export const KUBELET_KEPT_METRICS = 'kubelet_volume_stats_.*';
/** What we keep of its cAdvisor endpoint: the two series the platform overview dashboard reads. */
export const CADVISOR_KEPT_METRICS = 'container_cpu_usage_seconds_total|container_memory_working_set_bytes';

/**
 * The long-lived token Secret of Prometheus's ServiceAccount, in the monitoring namespace. The
 * ServiceMonitor names it in `authorization.credentials` (the operator reads Secrets only in the
 * monitor's own namespace), like kube-prometheus-stack 90's `<release>-prometheus-token`.
 */
export const KUBELET_TOKEN_SECRET = 'prometheus-token';

/**
 * The ServiceAccount token Secret the kubelet ServiceMonitor authenticates with: rendered without a
 * value (the token controller fills `token` and `ca.crt`), plus its plan entry (`source: operator`:
 * nothing for the secrets backends to generate or copy).
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
 */
export function kubeletTokenSecret(ctx: BuildContext, account: string): { object: KubeObject; secret: SecretRequirement } {
  return {
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: KUBELET_TOKEN_SECRET, namespace: ctx.namespace, labels: ctx.labels(), annotations: { 'kubernetes.io/service-account.name': account } },
      type: 'kubernetes.io/service-account-token',
    },
    secret: {
      name: KUBELET_TOKEN_SECRET,
      namespace: ctx.namespace,
      source: 'operator',
      type: 'kubernetes.io/service-account-token',
      keys: [{ key: 'token', kind: 'token' }],
      description: `token of ServiceAccount ${account}, filled by the token controller; Prometheus sends it to the kubelets (authorized as get nodes/metrics)`,
      consumers: ['prometheus'],
    },
  };
}

/**
 * The ServiceMonitor of the kubelets, in the monitoring namespace (kube-system is not ours):
 * HTTPS on 10250 with Prometheus's ServiceAccount token, which the kubelet authorizes as
 * `get nodes/metrics` (in Prometheus's ClusterRole). The token (and, with `verifyTls`, the cluster
 * CA) comes from {@link KUBELET_TOKEN_SECRET} through `authorization` and `tlsConfig.ca`, not from
 * files in the Prometheus pod: `bearerTokenFile` and `caFile` are deprecated and are refused
 * outright when the Prometheus sets `arbitraryFSAccessThroughSMs.deny`. The operator's Endpoints name the node in
 * their target reference, which becomes the `node` and `instance` labels. Samples are cut to the
 * volume statistics (`/metrics`) and the CPU and memory of containers (`/metrics/cadvisor`, for
 * the overview dashboard): the full kubelet output is large and nothing here reads the rest.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint
 * @see https://github.com/prometheus-community/helm-charts/pull/7238 (kube-prometheus-stack's move to `authorization`)
 */
export function kubeletServiceMonitor(ctx: BuildContext<PrometheusOptions>): KubeObject {
  const { verifyTls } = ctx.options().kubelet;
  const endpoint = (path: string, keep: string) => ({
    port: KUBELET_SERVICE.port,
    path,
    interval: '30s',
    scheme: 'https',
    authorization: { type: 'Bearer', credentials: { name: KUBELET_TOKEN_SECRET, key: 'token' } },
    // The token Secret also carries the cluster CA (`ca.crt`): what signs kubelet serving
    // certificates where the cluster approves kubelet CSRs (serverTLSBootstrap).
    tlsConfig: verifyTls ? { ca: { secret: { name: KUBELET_TOKEN_SECRET, key: 'ca.crt' } } } : { insecureSkipVerify: true },
    honorLabels: true,
    relabelings: [
      { action: 'replace', targetLabel: 'job', replacement: KUBELET_JOB },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_endpoint_address_target_name'], targetLabel: 'node' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_endpoint_address_target_name'], targetLabel: 'instance' },
      { action: 'replace', sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path' },
    ],
    metricRelabelings: [{ action: 'keep', sourceLabels: ['__name__'], regex: keep }],
  });
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: KUBELET_JOB, namespace: ctx.namespace, labels: { ...ctx.labels(), ...MONITOR_LABEL } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': KUBELET_SERVICE.name, 'k8s-app': KUBELET_SERVICE.name } },
      namespaceSelector: { matchNames: [KUBELET_SERVICE.namespace] },
      endpoints: [endpoint('/metrics', KUBELET_KEPT_METRICS), endpoint('/metrics/cadvisor', CADVISOR_KEPT_METRICS)],
    },
  };
}

/** Prometheus reaches each node's kubelet on 10250: only the configured node blocks, as ipBlock rules. */
export function kubeletEgress(ctx: BuildContext<PrometheusOptions>): Egress {
  return {
    to: { kind: 'addresses', cidrs: ctx.options().kubelet.nodeCidrs, label: 'kubelets' },
    ports: [{ port: KUBELET_SERVICE.targetPort, name: 'kubelet' }],
    description: 'scrapes the kubelets (volume statistics, container CPU and memory)',
  };
}

/** No kubelet answers: the volume-almost-full alerts of every component are blind. */
export function kubeletAlert(): AlertRule {
  return {
    ...downAlert({ alert: 'KubeletMetricsMissing', title: 'Kubelet metrics', endpoint: { name: KUBELET_JOB, namespace: KUBELET_SERVICE.namespace }, severity: 'warning' }),
    summary: 'No kubelet is scraped: volume-almost-full alerts cannot fire',
    description:
      'No kubelet in kube-system/kubelet has answered a scrape for 5 minutes: the NetworkPolicy egress to the nodes (components.prometheus.kubelet.nodeCidrs), the operator\'s kubelet Service or the nodes/metrics permission is missing.',
    runbook: 'kubelet-metrics',
  };
}

/** `validate`: at least one kubelet target is up. */
export function kubeletCheck(service: { namespace: string; service: string; port: number }): LiveCheck {
  return {
    id: 'prometheus.kubelets',
    group: 'monitoring',
    title: 'Kubelets are scraped (volume-almost-full alerts need them)',
    probe: { type: 'http', endpoint: service, path: `/api/v1/query?query=${encodeURIComponent(`up{job="${KUBELET_JOB}"} == 1`)}`, expectBody: '"result":[{' },
  };
}
