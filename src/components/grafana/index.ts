import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { generatedLogin } from '../../platform/generated-login.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { lokiQueryEndpoint } from '../loki/endpoint.ts';
import { platformDashboards } from './dashboards/catalog.ts';
import { dashboardJson, type Dashboard } from './dashboards/model.ts';
import { logsDatasource, metricsDatasource, openshiftDatasourceAccess } from './datasources.ts';
import { ADMIN_SECRET, GRAFANA_IMAGE, GRAFANA_NAME, GRAFANA_PORT, GRAFANA_SERVICE, grafanaInstance, grafanaSsoClient, INSTANCE_LABEL, oidcSecret } from './instance.ts';
import { GRAFANA_OPERATOR } from './operator.ts';
import { grafanaOptions, type GrafanaOptions } from './options.ts';
import { GRAFANA_SIZING } from './sizing.ts';

/** The folder every platform dashboard lives in. */
export const DASHBOARD_FOLDER = 'datalyptica';

/** The dashboards for this platform (namespaces resolved), for the build and for `check`'s query rules. */
export function grafanaDashboards(ctx: BuildContext): readonly Dashboard[] {
  return platformDashboards((name) => ctx.namespaceOf(name), ctx.config.namePrefix, { openshift: ctx.openshift });
}

function folder(ctx: BuildContext): KubeObject {
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'GrafanaFolder',
    metadata: { name: DASHBOARD_FOLDER, namespace: ctx.namespace, labels: ctx.labels() },
    spec: { instanceSelector: { matchLabels: { [INSTANCE_LABEL]: GRAFANA_NAME } }, title: 'Datalyptica', uid: DASHBOARD_FOLDER },
  };
}

function dashboardObject(ctx: BuildContext, dashboard: Dashboard): KubeObject {
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'GrafanaDashboard',
    metadata: { name: dashboard.uid, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      instanceSelector: { matchLabels: { [INSTANCE_LABEL]: GRAFANA_NAME } },
      uid: dashboard.uid,
      folderRef: DASHBOARD_FOLDER,
      resyncPeriod: '10m',
      json: `${JSON.stringify(dashboardJson(dashboard), null, 2)}\n`,
    },
  };
}

function checks(ctx: BuildContext, replicas: number, dashboards: readonly Dashboard[]): LiveCheck[] {
  const ref = (kind: string, name: string) => ({ apiVersion: 'grafana.integreatly.org/v1beta1', kind, name, namespace: ctx.namespace });
  return [
    { id: 'grafana.instance', group: 'monitoring', title: 'Grafana instance is reconciled by the operator', probe: { type: 'object-ready', ref: ref('Grafana', GRAFANA_NAME) } },
    { id: 'grafana.pods', group: 'monitoring', title: 'Grafana pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector(), min: replicas } },
    {
      id: 'grafana.health',
      group: 'monitoring',
      title: 'Grafana reports its database healthy',
      probe: { type: 'http', endpoint: { namespace: ctx.namespace, service: GRAFANA_SERVICE, port: GRAFANA_PORT }, path: '/api/health', expectBody: '"database": "ok"' },
    },
    ...dashboards.map((d): LiveCheck => ({ id: `grafana.dashboard.${d.uid}`, group: 'monitoring', title: `Dashboard "${d.title}" is provisioned`, probe: { type: 'object-ready', ref: ref('GrafanaDashboard', d.uid) } })),
  ];
}

function build(ctx: BuildContext<GrafanaOptions>): ComponentBuild {
  const sizing = ctx.sizing(GRAFANA_SIZING);
  const selector = ctx.selector();
  const dashboards = grafanaDashboards(ctx);
  const access = ctx.openshift ? openshiftDatasourceAccess(ctx) : { objects: [], secrets: [], egress: [] };
  const loki = ctx.isEnabled('loki') ? lokiQueryEndpoint(ctx) : undefined;
  // On Kubernetes the Prometheus component admits Grafana with a flow of its own (Grafana → 9090);
  // here only the OpenShift Thanos Querier, outside the platform, needs an egress.
  const objects: KubeObject[] = [
    grafanaInstance(ctx, selector),
    ...access.objects,
    metricsDatasource(ctx),
    ...(loki ? [logsDatasource(ctx, loki)] : []),
    folder(ctx),
    ...dashboards.map((d) => dashboardObject(ctx, d)),
  ];
  return {
    ...emptyBuild(),
    objects,
    dependsOn: ['postgres'],
    operators: [GRAFANA_OPERATOR],
    flows: [
      { from: { kind: 'ingress' }, ports: [{ port: GRAFANA_PORT, name: 'http' }], description: 'users reach the Grafana UI through the router' },
      { from: { kind: 'operator', operator: GRAFANA_OPERATOR.id }, ports: [{ port: GRAFANA_PORT, name: 'http' }], description: 'the Grafana Operator uploads datasources, folders and dashboards through the Grafana API' },
    ],
    egress: access.egress,
    secrets: [
      generatedLogin({
        name: ADMIN_SECRET,
        namespace: ctx.namespace,
        username: 'admin',
        description: 'Grafana admin login; the Grafana Operator reads it from the container env to manage the instance',
        consumers: ['grafana'],
      }),
      ...access.secrets,
      ...(ctx.sso.enabled ? [oidcSecret(ctx), ...(ctx.sso.trust?.secrets ?? [])] : []),
    ],
    exposures: [
      {
        host: 'grafana',
        service: GRAFANA_SERVICE,
        namespace: ctx.namespace,
        port: GRAFANA_PORT,
        kind: 'ui',
        description: 'Grafana dashboards',
        podSelector: selector,
        targetPort: GRAFANA_PORT,
        authentication: ctx.sso.enabled ? 'oidc' : 'password',
      },
    ],
    ...(ctx.sso.enabled ? { ssoClients: [grafanaSsoClient(ctx)] } : {}),
    metrics: [
      {
        name: GRAFANA_NAME,
        namespace: ctx.namespace,
        via: 'pod',
        selector,
        // The operator names Grafana's container port `grafana-http`.
        port: 'grafana-http',
        targetPort: GRAFANA_PORT,
        metrics: ['grafana_*', 'go_*', 'process_*', 'up'],
      },
    ],
    alerts: [
      downAlert({ alert: 'GrafanaDown', title: 'Grafana', endpoint: { name: GRAFANA_NAME, namespace: ctx.namespace }, severity: 'warning' }),
      ...workloadAlerts({ prefix: 'Grafana', title: 'Grafana', namespace: ctx.namespace, pods: `${GRAFANA_NAME}-deployment-.*` }),
    ],
    disruption: [{ name: GRAFANA_NAME, namespace: ctx.namespace, selector, replicas: sizing.replicas }],
    checks: checks(ctx, sizing.replicas, dashboards),
    footprint: [{ name: GRAFANA_NAME, namespace: ctx.namespace, replicas: sizing.replicas, resources: sizing.resources, minAvailable: 1 }],
  };
}

/** Grafana through the Grafana Operator, on the platform PostgreSQL, with the platform dashboards. */
export const grafana: ComponentDefinition<GrafanaOptions> = {
  name: 'grafana',
  title: 'Grafana (dashboards)',
  tier: 'monitoring',
  layer: 'management',
  phase: 'monitoring',
  version: GRAFANA_IMAGE.slice(GRAFANA_IMAGE.lastIndexOf(':') + 1),
  enabledByDefault: true,
  options: grafanaOptions,
  // Its data sources and the alert view.
  consumes: () => [
    { component: 'prometheus', purpose: 'Grafana queries Prometheus' },
    { component: 'alertmanager', purpose: 'Grafana shows alerts and silences' },
    { component: 'loki', purpose: 'Grafana queries logs' },
    { component: 'clickhouse' },
  ],
  databases: [{ role: 'grafana' }],
  build,
};
