import type { BuildContext } from '../../model/build-context.ts';
import type { Egress } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { MONITOR_LABEL, type AlertRule } from '../../model/metrics.ts';
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

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The ServiceMonitor of the kubelets, in the monitoring namespace (kube-system is not ours):
 * HTTPS on 10250 with Prometheus's ServiceAccount token, which the kubelet authorizes as
 * `get nodes/metrics` (in Prometheus's ClusterRole). The operator's Endpoints name the node in
 * their target reference, which becomes the `node` and `instance` labels. Samples are cut to the
 * volume statistics (`/metrics`) and the CPU and memory of containers (`/metrics/cadvisor`, for
 * the overview dashboard): the full kubelet output is large and nothing here reads the rest.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint
 */
export function kubeletServiceMonitor(ctx: BuildContext<PrometheusOptions>): KubeObject {
  const { verifyTls } = ctx.options().kubelet;
  const endpoint = (path: string, keep: string) => ({
    port: KUBELET_SERVICE.port,
    path,
    interval: '30s',
    scheme: 'https',
    // The ServiceMonitor API has no other way to present the scraper's own token.
    bearerTokenFile: `${SERVICE_ACCOUNT_DIR}/token`,
    tlsConfig: verifyTls ? { caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt` } : { insecureSkipVerify: true },
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
