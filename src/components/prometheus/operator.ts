import type { OperatorRequirement } from '../../model/operator.ts';
import { MONITOR_LABEL } from '../../model/metrics.ts';
import { KUBELET_SERVICE } from './kubelet.ts';
import { KUBE_PROMETHEUS_STACK_CHART_VERSION, PROMETHEUS_OPERATOR_NAMESPACE, PROMETHEUS_OPERATOR_VERSION } from './versions.ts';

/**
 * The Prometheus Operator on Kubernetes (OpenShift runs its own, with user workload monitoring).
 * Only the operator and kube-state-metrics are kept: our `Prometheus`
 * and `Alertmanager` CRs are rendered by the components, rules by the platform. The chart's
 * monitors carry our selector label so our Prometheus picks them up.
 * @see https://github.com/prometheus-community/helm-charts/blob/main/charts/kube-prometheus-stack/values.yaml
 */
export const PROMETHEUS_OPERATOR: OperatorRequirement = {
  id: 'prometheus-operator',
  displayName: 'Prometheus Operator',
  // Never used: on OpenShift the cluster monitoring stack provides the operator (user workload monitoring).
  olm: { package: 'prometheus', channel: 'beta', source: 'community-operators', allNamespaces: true },
  kubernetes: {
    type: 'helm',
    repo: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: KUBE_PROMETHEUS_STACK_CHART_VERSION,
    namespace: PROMETHEUS_OPERATOR_NAMESPACE,
    values: {
      commonLabels: { ...MONITOR_LABEL },
      defaultRules: { create: false },
      alertmanager: { enabled: false },
      grafana: { enabled: false },
      prometheus: { enabled: false },
      nodeExporter: { enabled: false },
      kubeApiServer: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeProxy: { enabled: false },
      kubeEtcd: { enabled: false },
      coreDns: { enabled: false },
      // The chart's kubelet ServiceMonitor stays off (it scrapes cAdvisor and probes too); the
      // prometheus component renders its own, on the Service the operator maintains here.
      kubelet: { enabled: false },
      prometheusOperator: { kubeletService: { enabled: true, namespace: KUBELET_SERVICE.namespace, name: KUBELET_SERVICE.name } },
      kubeStateMetrics: { enabled: true },
      'kube-state-metrics': { prometheus: { monitor: { enabled: true, additionalLabels: { ...MONITOR_LABEL } } } },
    },
    // `global.imageRegistry` replaces the registry of every image the chart and its
    // kube-state-metrics subchart run (operator, config reloader, webhook cert job).
    mirrorValues: (mirror) => ({ global: { imageRegistry: mirror.registry } }),
  },
  images: [`quay.io/prometheus-operator/prometheus-operator:${PROMETHEUS_OPERATOR_VERSION}`, `quay.io/prometheus-operator/prometheus-config-reloader:${PROMETHEUS_OPERATOR_VERSION}`],
  crds: [
    'prometheuses.monitoring.coreos.com',
    'alertmanagers.monitoring.coreos.com',
    'alertmanagerconfigs.monitoring.coreos.com',
    'servicemonitors.monitoring.coreos.com',
    'podmonitors.monitoring.coreos.com',
    'prometheusrules.monitoring.coreos.com',
  ],
  docs: 'https://prometheus-operator.dev/docs/getting-started/installation/',
};
