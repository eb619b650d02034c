import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { prometheusOptions, type PrometheusOptions } from './options.ts';
import { monitoringCrName, PROMETHEUS_SA, PROMETHEUS_SERVICE, prometheusObjects } from './kubernetes.ts';
import { OPENSHIFT_UWM_NAMESPACE, userWorkloadMonitoringConfig } from './openshift.ts';
import { kubeletAlert, kubeletCheck, kubeletEgress, kubeletServiceMonitor, kubeletTokenSecret } from './kubelet.ts';
import { PROMETHEUS_OPERATOR } from './operator.ts';
import { PROMETHEUS_RETENTION, PROMETHEUS_SIZING } from './sizing.ts';
import { KUBE_STATE_METRICS_PORT, PROMETHEUS_OPERATOR_NAMESPACE, PROMETHEUS_PORT, PROMETHEUS_VERSION } from './versions.ts';
import { consumerFlows } from '../../platform/consumers.ts';

export { PROMETHEUS_SERVICE } from './kubernetes.ts';
export { PROMETHEUS_PORT } from './versions.ts';

/**
 * Prometheus's own metrics.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/ (self-scrape at /metrics)
 */
const PROMETHEUS_METRICS: readonly string[] = ['prometheus_rule_evaluation_failures_total', 'prometheus_rule_group_rules', 'prometheus_notifications_errors_total', 'prometheus_notifications_sent_total', 'prometheus_tsdb_*', 'prometheus_*'];

function selfAlerts(ctx: BuildContext, endpoint: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'PrometheusDown', title: 'Prometheus', endpoint }),
    {
      alert: 'PrometheusRuleEvaluationFailures',
      expr: `increase(prometheus_rule_evaluation_failures_total{${job}}[5m]) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus fails to evaluate rules',
      description: 'Prometheus {{ $labels.pod }} failed {{ $value }} rule evaluations in 5 minutes: alerts may not fire.',
      runbook: 'rule-evaluation-failures',
    },
    {
      alert: 'PrometheusNotificationsFailing',
      expr: `rate(prometheus_notifications_errors_total{${job}}[5m]) / rate(prometheus_notifications_sent_total{${job}}[5m]) > 0.01`,
      for: '15m',
      severity: 'critical',
      summary: 'Prometheus cannot deliver alerts to Alertmanager',
      description: 'Prometheus {{ $labels.pod }} fails to send {{ $value | humanizePercentage }} of its alert notifications.',
      runbook: 'notifications-failing',
    },
    ...workloadAlerts({ prefix: 'Prometheus', title: 'Prometheus', namespace: ctx.namespace, pods: 'prometheus-.*', volumes: 'prometheus-.*' }),
  ];
}

/** OpenShift: user workload monitoring, its settings when the user lets us manage them, and a check that tells whether it runs. */
function openshiftBuild(ctx: BuildContext<PrometheusOptions>, retention: string): ComponentBuild {
  const own = ctx.options();
  const sizing = ctx.sizing(PROMETHEUS_SIZING);
  const check: LiveCheck = {
    id: 'prometheus.user-workload-monitoring',
    group: 'monitoring',
    title: 'OpenShift user workload monitoring runs (enable it in cluster-monitoring-config, or set components.prometheus.userWorkloadMonitoring.manage)',
    probe: { type: 'pods-ready', namespace: OPENSHIFT_UWM_NAMESPACE, selector: { 'app.kubernetes.io/name': 'prometheus' }, min: 1 },
    // A hint, not a failure: the platform runs without it, only its metrics and alerts are missing.
    severity: 'warn',
  };
  return {
    ...emptyBuild(),
    objects: own.userWorkloadMonitoring.manage ? userWorkloadMonitoringConfig(ctx, { sizing, retention, alertmanager: ctx.isEnabled('alertmanager') }) : [],
    checks: [check],
    warnings: own.userWorkloadMonitoring.manage
      ? []
      : ['prometheus: OpenShift user workload monitoring is not managed by the platform; make sure it is enabled (`validate` checks it) or set components.prometheus.userWorkloadMonitoring.manage'],
  };
}

function build(ctx: BuildContext<PrometheusOptions>): ComponentBuild {
  const own = ctx.options();
  const retention = own.retention ?? PROMETHEUS_RETENTION[ctx.profile];
  if (ctx.openshift) return openshiftBuild(ctx, retention);

  const sizing = ctx.sizing(PROMETHEUS_SIZING);
  const alertmanager = ctx.isEnabled('alertmanager') ? { namespace: ctx.namespaceOf('alertmanager') } : undefined;
  const selector = ctx.selector();
  const endpoint: MetricsEndpoint = { name: 'prometheus', namespace: ctx.namespace, via: 'service', selector, port: 'web', targetPort: PROMETHEUS_PORT, metrics: PROMETHEUS_METRICS };
  const service = { namespace: ctx.namespace, service: PROMETHEUS_SERVICE, port: PROMETHEUS_PORT };
  const kubelets = own.kubelet.scrape;
  const token = kubelets ? kubeletTokenSecret(ctx, PROMETHEUS_SA) : undefined;
  return {
    ...emptyBuild(),
    objects: [...prometheusObjects(ctx, { sizing, retention, ...(alertmanager ? { alertmanager } : {}) }), ...(token ? [token.object, kubeletServiceMonitor(ctx)] : [])],
    secrets: token ? [token.secret] : [],
    operators: [PROMETHEUS_OPERATOR],
    flows: [
      ...consumerFlows(ctx.consumers, { ports: [{ port: PROMETHEUS_PORT, name: 'web' }], describe: (c) => `${c} queries Prometheus` }),
      { from: { kind: 'component', component: 'prometheus' }, ports: [{ port: PROMETHEUS_PORT, name: 'web' }], description: 'each replica scrapes the other' },
    ],
    egress: [
      { to: { kind: 'apiserver' }, ports: [], description: 'service discovery of pods, services and endpoints' },
      {
        to: { kind: 'namespace', namespace: PROMETHEUS_OPERATOR_NAMESPACE, podSelector: { 'app.kubernetes.io/name': 'kube-state-metrics' } },
        ports: [{ port: KUBE_STATE_METRICS_PORT, name: 'http' }],
        description: 'scrapes kube-state-metrics',
      },
      ...(kubelets ? [kubeletEgress(ctx)] : []),
    ],
    metrics: [endpoint],
    alerts: [...selfAlerts(ctx, endpoint), ...(kubelets ? [kubeletAlert()] : [])],
    disruption: [{ name: 'prometheus', namespace: ctx.namespace, selector: { ...selector, prometheus: monitoringCrName(ctx) }, replicas: sizing.replicas }],
    checks: [
      { id: 'prometheus.pods', group: 'monitoring', title: 'Prometheus servers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector, min: sizing.replicas } },
      { id: 'prometheus.ready', group: 'monitoring', title: 'Prometheus is ready', probe: { type: 'http', endpoint: service, path: '/-/ready' } },
      // Instant queries whose result is empty exactly when all is well.
      { id: 'prometheus.targets', group: 'monitoring', title: 'Every scrape target is up', probe: { type: 'http', endpoint: service, path: `/api/v1/query?query=${encodeURIComponent('up == 0')}`, expectBody: '"result":[]' } },
      {
        id: 'prometheus.rules',
        group: 'monitoring',
        title: 'Alert rules are loaded',
        probe: { type: 'http', endpoint: service, path: `/api/v1/query?query=${encodeURIComponent('sum(prometheus_rule_group_rules) > 0')}`, expectBody: '"result":[{' },
      },
      {
        id: 'prometheus.rule-errors',
        group: 'monitoring',
        title: 'No alert rule fails to evaluate',
        probe: { type: 'http', endpoint: service, path: `/api/v1/query?query=${encodeURIComponent('increase(prometheus_rule_evaluation_failures_total[10m]) > 0')}`, expectBody: '"result":[]' },
      },
      ...(kubelets ? [kubeletCheck(service)] : []),
    ],
    footprint: [
      {
        name: 'prometheus',
        namespace: ctx.namespace,
        replicas: sizing.replicas,
        resources: sizing.resources,
        storage: [{ tier: 'standard', size: sizing.storage ?? '10Gi' }],
        spreadRequired: sizing.replicas > 1,
        minAvailable: 1,
      },
    ],
  };
}

/**
 * Metrics: on Kubernetes the Prometheus Operator and an HA `Prometheus`; on OpenShift the
 * cluster's user workload monitoring (no Prometheus of ours).
 */
export const prometheus: ComponentDefinition<PrometheusOptions> = {
  name: 'prometheus',
  title: 'Prometheus (Prometheus Operator; OpenShift user workload monitoring)',
  tier: 'monitoring',
  layer: 'management',
  phase: 'monitoring',
  version: PROMETHEUS_VERSION.replace(/^v/, ''),
  enabledByDefault: true,
  options: prometheusOptions,
  consumes: () => [{ component: 'alertmanager', purpose: 'Prometheus sends alerts' }],
  build,
};
