/**
 * Prometheus server image the `Prometheus` CR runs.
 * @see https://github.com/prometheus/prometheus/releases
 */
export const PROMETHEUS_VERSION = 'v3.7.3';
export const PROMETHEUS_IMAGE = `quay.io/prometheus/prometheus:${PROMETHEUS_VERSION}`;

/**
 * The Prometheus Operator through the kube-prometheus-stack chart with everything but the
 * operator and kube-state-metrics switched off (the community has no
 * operator-only chart); 79.x ships operator v0.86.
 * @see https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack
 */
export const KUBE_PROMETHEUS_STACK_CHART_VERSION = '79.5.0';
export const PROMETHEUS_OPERATOR_VERSION = 'v0.86.2';
export const PROMETHEUS_OPERATOR_NAMESPACE = 'prometheus-operator';
export const KUBE_STATE_METRICS_PORT = 8080;
export const PROMETHEUS_PORT = 9090;
