import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { COMPONENT_NAMES } from '../../model/names.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { claimSpec, service } from '../../platform/workload.ts';
import { CERT_MANAGER_NAMESPACE } from '../cert-manager/index.ts';
import { alertmanagerOptions, type AlertmanagerOptions } from './options.ts';
import { alertmanagerConfig, receiverEgress, receiverSecrets, ROUTING_NAME } from './routing.ts';
import { ALERTMANAGER_SIZING } from './sizing.ts';
import { consumerFlows } from '../../platform/consumers.ts';

/** @see https://github.com/prometheus/alertmanager/releases */
export const ALERTMANAGER_VERSION = 'v0.29.0';
const ALERTMANAGER_IMAGE = `quay.io/prometheus/alertmanager:${ALERTMANAGER_VERSION}`;
export const ALERTMANAGER_PORT = 9093;
/** The gossip port the replicas cluster over (TCP and UDP). */
const MESH_PORT = 9094;
export const ALERTMANAGER_SERVICE = 'alertmanager';

/** @see https://prometheus.io/docs/alerting/latest/configuration/ (Alertmanager's own /metrics) */
const ALERTMANAGER_METRICS: readonly string[] = ['alertmanager_cluster_members', 'alertmanager_notifications_failed_total', 'alertmanager_notifications_total', 'alertmanager_config_last_reload_successful', 'alertmanager_*'];

function alerts(ctx: BuildContext, endpoint: MetricsEndpoint, replicas: number): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'AlertmanagerDown', title: 'Alertmanager', endpoint }),
    {
      alert: 'AlertmanagerClusterDegraded',
      expr: `min(alertmanager_cluster_members{${job}}) < ${replicas}`,
      for: '10m',
      severity: 'warning',
      summary: 'Alertmanager replicas do not see each other',
      description: 'An Alertmanager sees {{ $value }} cluster members instead of ' + `${replicas}: notifications may be duplicated or silences lost.`,
      runbook: 'cluster-degraded',
    },
    {
      alert: 'AlertmanagerNotificationsFailing',
      expr: `sum by (integration) (rate(alertmanager_notifications_failed_total{${job}}[5m])) > 0`,
      for: '15m',
      severity: 'critical',
      summary: 'Alertmanager cannot deliver notifications',
      description: 'Notifications through {{ $labels.integration }} have been failing for 15 minutes.',
      runbook: 'notifications-failing',
    },
    {
      alert: 'AlertmanagerConfigReloadFailed',
      expr: `max(alertmanager_config_last_reload_successful{${job}}) == 0`,
      for: '10m',
      severity: 'warning',
      summary: 'Alertmanager rejected its configuration',
      description: 'The last configuration reload failed: Alertmanager still routes with the previous one.',
      runbook: 'config-reload-failed',
    },
    ...workloadAlerts({ prefix: 'Alertmanager', title: 'Alertmanager', namespace: ctx.namespace, pods: 'alertmanager-.*', volumes: 'alertmanager-.*' }),
  ];
}

/**
 * The `Alertmanager` CR: a gossip cluster configured from our AlertmanagerConfig, restricted
 * security, replicas on distinct nodes.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.AlertmanagerSpec
 */
function alertmanagerObject(ctx: BuildContext<AlertmanagerOptions>): KubeObject {
  const sizing = ctx.sizing(ALERTMANAGER_SIZING);
  // The image's files belong to `nobody` (65534) on both targets; replicas on distinct nodes.
  const policy = podPolicy(ctx, { selector: ctx.selector(), replicas: sizing.replicas, antiAffinity: sizing.replicas > 1 ? 'required' : 'none', user: { runAsUser: 65534, fsGroup: 65534 } });
  const spec: Record<string, unknown> = {
    replicas: sizing.replicas,
    version: ALERTMANAGER_VERSION,
    image: ctx.image(ALERTMANAGER_IMAGE, { main: true }),
    podMetadata: { labels: ctx.labels() },
    alertmanagerConfiguration: { name: ROUTING_NAME },
    resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
    securityContext: policy.securityContext,
    containers: ['alertmanager', 'config-reloader'].map((name) => ({ name, securityContext: policy.readOnlyContainerSecurityContext })),
    storage: { volumeClaimTemplate: { spec: claimSpec({ name: 'alertmanager-db', size: sizing.storage ?? '1Gi', storageClass: ctx.storageClass('standard') }) } },
  };
  Object.assign(spec, policy.scheduling);
  return { apiVersion: 'monitoring.coreos.com/v1', kind: 'Alertmanager', metadata: { name: ctx.config.namePrefix, namespace: ctx.namespace, labels: ctx.labels() }, spec };
}

/**
 * OpenShift: the user-workload Alertmanager (enabled with `enableAlertmanagerConfig`) only routes
 * an AlertmanagerConfig's own namespace, so the routing is rendered in every namespace that holds
 * rules, with copies of the receivers' Secrets.
 */
function openshiftBuild(ctx: BuildContext<AlertmanagerOptions>): ComponentBuild {
  const own = ctx.options();
  if (own.receivers.length === 0) return emptyBuild();
  const namespaces = [...new Set([...COMPONENT_NAMES.filter((name) => ctx.isEnabled(name)).map((name) => ctx.namespaceOf(name)), ...(ctx.isEnabled('cert-manager') ? [CERT_MANAGER_NAMESPACE] : [])])].sort();
  return {
    ...emptyBuild(),
    objects: namespaces.map((namespace) => alertmanagerConfig(own, namespace, ctx.labels('routing'))),
    secrets: receiverSecrets(own, ctx.namespace, namespaces),
  };
}

function build(ctx: BuildContext<AlertmanagerOptions>): ComponentBuild {
  if (ctx.openshift) return openshiftBuild(ctx);
  const own = ctx.options();
  const sizing = ctx.sizing(ALERTMANAGER_SIZING);
  const selector = ctx.selector();
  const endpoint: MetricsEndpoint = { name: 'alertmanager', namespace: ctx.namespace, via: 'service', selector, port: 'web', targetPort: ALERTMANAGER_PORT, metrics: ALERTMANAGER_METRICS };
  const svc = { namespace: ctx.namespace, service: ALERTMANAGER_SERVICE, port: ALERTMANAGER_PORT };
  return {
    ...emptyBuild(),
    objects: [alertmanagerConfig(own, ctx.namespace, ctx.labels('routing')), alertmanagerObject(ctx), service(ctx, { name: ALERTMANAGER_SERVICE, ports: [{ name: 'web', port: ALERTMANAGER_PORT, targetPort: 'web' }] })],
    dependsOn: ['prometheus'],
    flows: [
      // Prometheus sends alerts, Grafana shows alerts and silences (their `consumes`).
      ...consumerFlows(ctx.consumers, { ports: [{ port: ALERTMANAGER_PORT, name: 'web' }], describe: (c) => `${c} reads the Alertmanager API` }),
      {
        from: { kind: 'component', component: 'alertmanager' },
        ports: [
          { port: ALERTMANAGER_PORT, name: 'web' },
          { port: MESH_PORT, name: 'mesh-tcp', protocol: 'TCP' },
          { port: MESH_PORT, name: 'mesh-udp', protocol: 'UDP' },
        ],
        description: 'replicas gossip silences and notification state',
      },
    ],
    egress: receiverEgress(own, selector),
    secrets: receiverSecrets(own, ctx.namespace, []),
    metrics: [endpoint],
    alerts: alerts(ctx, endpoint, sizing.replicas),
    disruption: [{ name: 'alertmanager', namespace: ctx.namespace, selector: { ...selector, alertmanager: ctx.config.namePrefix }, replicas: sizing.replicas }],
    checks: [
      { id: 'alertmanager.pods', group: 'monitoring', title: 'Alertmanager replicas are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector, min: sizing.replicas } },
      { id: 'alertmanager.cluster', group: 'monitoring', title: 'Alertmanager is clustered', probe: { type: 'http', endpoint: svc, path: '/api/v2/status', expectBody: '"status":"ready"' } },
    ],
    footprint: [
      { name: 'alertmanager', namespace: ctx.namespace, replicas: sizing.replicas, resources: sizing.resources, storage: [{ tier: 'standard', size: sizing.storage ?? '1Gi' }], spreadRequired: sizing.replicas > 1, minAvailable: 1 },
    ],
    warnings: own.receivers.length === 0 ? ['alertmanager: no receivers configured (components.alertmanager.receivers): alerts are visible in Alertmanager but not sent'] : [],
  };
}

/**
 * Alert routing: on Kubernetes an HA `Alertmanager` (3) configured from an AlertmanagerConfig; on
 * OpenShift AlertmanagerConfigs for the user-workload Alertmanager.
 */
export const alertmanager: ComponentDefinition<AlertmanagerOptions> = {
  name: 'alertmanager',
  title: 'Alertmanager (alert routing: email, Slack, PagerDuty)',
  tier: 'monitoring',
  layer: 'management',
  phase: 'monitoring',
  version: ALERTMANAGER_VERSION.replace(/^v/, ''),
  enabledByDefault: true,
  options: alertmanagerOptions,
  build,
};
