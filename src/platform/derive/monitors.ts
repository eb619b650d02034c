import type { ResolvedConfig } from '../../config/settings.ts';
import type { KubeObject } from '../../model/kube.ts';
import { MONITOR_LABEL, RUNBOOK_BASE_URL, type AlertRule, type MetricsEndpoint } from '../../model/metrics.ts';
import type { ComponentName } from '../../model/names.ts';
import { standardLabels } from '../labels.ts';
import type { BuiltComponent, Deriver, PlacedObject } from '../platform.ts';

/** The endpoint fields both monitor kinds share: path, interval, scheme and the scraper's credentials. */
function endpointSpec(endpoint: MetricsEndpoint): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    port: endpoint.port,
    path: endpoint.path ?? '/metrics',
    interval: endpoint.interval ?? '30s',
    scheme: endpoint.scheme ?? 'http',
    // One job name per endpoint whatever the monitor kind (the operator's default is the Service
    // name or `namespace/PodMonitor`), so rules select `up{job="<endpoint>"}`.
    relabelings: [{ action: 'replace', targetLabel: 'job', replacement: endpoint.name }],
  };
  const tls = endpoint.tls;
  if (tls !== undefined) {
    const ca = 'caConfigMap' in tls ? { configMap: { ...tls.caConfigMap } } : { secret: { ...tls.caSecret } };
    spec['tlsConfig'] = { ca, serverName: tls.serverName };
  }
  const auth = endpoint.auth;
  if (auth?.type === 'basic') {
    spec['basicAuth'] = { username: { name: auth.secret, key: 'username' }, password: { name: auth.secret, key: 'password' } };
  } else if (auth?.type === 'bearer') {
    spec['authorization'] = { type: 'Bearer', credentials: { name: auth.secret, key: 'token' } };
  } else if (auth?.type === 'oauth2') {
    spec['oauth2'] = {
      clientId: { configMap: { ...auth.clientId.configMap } },
      clientSecret: { ...auth.clientSecret },
      tokenUrl: auth.tokenUrl,
      ...(auth.tokenCaSecret === undefined ? {} : { tlsConfig: { ca: { secret: { ...auth.tokenCaSecret } } } }),
    };
  }
  return spec;
}

/**
 * One ServiceMonitor (`via: 'service'`) or PodMonitor (`via: 'pod'`) for a declared endpoint,
 * restricted to the endpoint's own namespace and labelled for our Prometheus's selector.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitorSpec
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitorSpec
 */
export function monitorFor(endpoint: MetricsEndpoint, labels: Record<string, string>): KubeObject {
  const common = {
    selector: { matchLabels: { ...endpoint.selector } },
    namespaceSelector: { matchNames: [endpoint.namespace] },
    ...(endpoint.targetLabels === undefined ? {} : { podTargetLabels: [...endpoint.targetLabels] }),
  };
  const metadata = { name: endpoint.name, namespace: endpoint.namespace, labels: { ...labels, ...MONITOR_LABEL } };
  if (endpoint.via === 'service') {
    return { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata, spec: { ...common, endpoints: [endpointSpec(endpoint)] } };
  }
  return { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata, spec: { ...common, podMetricsEndpoints: [endpointSpec(endpoint)] } };
}

/** The runbook link of one alert: `docs/runbooks/<component>.md#<anchor>`. */
export function runbookUrl(component: ComponentName, anchor: string): string {
  return `${RUNBOOK_BASE_URL}/${component}.md#${anchor}`;
}

/** The name of a component's PrometheusRule. */
export function alertRuleName(component: ComponentName): string {
  return `${component}-alerts`;
}

/**
 * One PrometheusRule holding every alert a component declares, in one group named after it. Each
 * alert carries `severity` and `component` labels (what Alertmanager routes on) and the
 * `summary`, `description` and `runbook_url` annotations.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export function prometheusRuleFor(component: ComponentName, namespace: string, alerts: readonly AlertRule[], labels: Record<string, string>): KubeObject {
  const rules = alerts.map((rule) => ({
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for === undefined ? {} : { for: rule.for }),
    labels: { severity: rule.severity, component },
    annotations: { summary: rule.summary, description: rule.description, runbook_url: runbookUrl(component, rule.runbook) },
  }));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: alertRuleName(component), namespace, labels: { ...labels, ...MONITOR_LABEL } },
    spec: { groups: [{ name: component, rules }] },
  };
}

function labelsOf(config: ResolvedConfig, name: ComponentName, built: BuiltComponent, role: string): Record<string, string> {
  return { ...standardLabels({ component: name, instance: config.namePrefix, version: built.definition.version, role }) };
}

/**
 * The monitors of every declared metrics endpoint and one PrometheusRule per component with
 * alerts, placed under the declaring component. The scrape NetworkPolicies follow from the same
 * declarations (`network/intents.ts`).
 */
export const deriveMonitors: Deriver = (draft) => {
  const out: PlacedObject[] = [];
  for (const [name, built] of draft.components) {
    for (const endpoint of built.build.metrics ?? []) {
      out.push({ owner: name, object: monitorFor(endpoint, labelsOf(draft.config, name, built, 'metrics')) });
    }
    const alerts = built.build.alerts ?? [];
    // The rule lives with the metrics it reads: OpenShift's user-workload Thanos Ruler only sees
    // series of the PrometheusRule's own namespace (cert-manager's operands run outside ours).
    const namespace = built.build.metrics?.[0]?.namespace ?? built.namespace;
    if (alerts.length > 0) out.push({ owner: name, object: prometheusRuleFor(name, namespace, alerts, labelsOf(draft.config, name, built, 'alerts')) });
  }
  return out;
};
