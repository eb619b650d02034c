import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { SSO_CLIENT_SECRET_KEY } from '../../model/sso.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { trinoServerCa } from './tls.ts';
import { TRINO_PORTS } from './versions.ts';

/** The realm service client Prometheus scrapes Trino with (OAuth2 client credentials). */
export const TRINO_METRICS_CLIENT = 'trino-metrics';
/** Its secret (key `client-secret`) and, in a ConfigMap of the same name, its id (key `client-id`). */
export const TRINO_METRICS_CLIENT_REF = 'trino-metrics-client';
export const TRINO_METRICS_CLIENT_ID_KEY = 'client-id';

/**
 * Trino's native OpenMetrics endpoint: every JMX MBean attribute as
 * `<domain>_<key>_<value>_<attribute>` (dots become `_`), e.g. `trino.execution:name=QueryManager`
 * `RunningQueries` → `trino_execution_name_QueryManager_RunningQueries`.
 * @see https://trino.io/docs/current/admin/openmetrics.html
 * @see https://trino.io/docs/current/admin/jmx.html
 */
export const TRINO_METRICS: readonly string[] = [
  'trino_execution_name_QueryManager_*',
  'trino_failuredetector_name_HeartbeatFailureDetector_*',
  'trino_memory_type_ClusterMemoryPool_*',
  'trino_memory_name_ClusterMemoryManager_*',
  'io_airlift_*',
  'java_lang_*',
];

/**
 * /metrics needs a user; without password authentication Basic auth with a user name and an empty
 * password is accepted (a non-empty one is refused over HTTP). The Prometheus operator rejects a
 * basicAuth without a password key, so the Secret carries an empty `password`.
 */
export function trinoMetrics(ctx: BuildContext, secret: string): MetricsEndpoint {
  return {
    name: 'trino',
    namespace: ctx.namespace,
    via: 'service',
    selector: ctx.selector(),
    port: 'http',
    targetPort: TRINO_PORTS.http,
    metrics: TRINO_METRICS,
    auth: { type: 'basic', secret },
  };
}

/**
 * With the platform realm and HTTPS: /metrics over 8443, the certificate verified with the CA the
 * platform published in Trino's namespace, and a bearer token Prometheus obtains itself with the
 * `trino-metrics` client's credentials (the ServiceMonitor's `oauth2`; the operator reads the
 * client id from a ConfigMap key). Trino's OAuth2 authenticator takes the realm token (audience
 * `trino`); its access rules let every authenticated user read system information, which is all
 * /metrics needs. Undefined without HTTPS (Trino authenticates no client over HTTP).
 * @see https://trino.io/docs/current/admin/openmetrics.html
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.OAuth2
 */
export function trinoOAuth2Metrics(ctx: BuildContext): MetricsEndpoint | undefined {
  const server = trinoServerCa(ctx);
  if (server === undefined) return undefined;
  const tls = 'configMap' in server.ca ? { caConfigMap: server.ca.configMap, serverName: server.serverName } : { caSecret: server.ca.secret, serverName: server.serverName };
  return {
    name: 'trino',
    namespace: ctx.namespace,
    via: 'service',
    selector: ctx.selector(),
    // Only the coordinator serves 8443 (and the cluster-wide metrics the alerts read).
    podSelector: ctx.selector('coordinator'),
    port: 'https',
    targetPort: TRINO_PORTS.https,
    scheme: 'https',
    metrics: TRINO_METRICS,
    tls,
    auth: {
      type: 'oauth2',
      clientId: { configMap: { name: TRINO_METRICS_CLIENT_REF, key: TRINO_METRICS_CLIENT_ID_KEY } },
      clientSecret: { name: TRINO_METRICS_CLIENT_REF, key: SSO_CLIENT_SECRET_KEY },
      tokenUrl: ctx.sso.tokenEndpoint,
      ...(ctx.sso.trust ? { tokenCaSecret: ctx.sso.trust.secretKeyRef } : {}),
    },
  };
}

/**
 * With OAuth2 on and no scrape endpoint (an external issuer, or no HTTPS: no static credential
 * works), "down" reads the coordinator Deployment's available replicas from kube-state-metrics.
 */
function coordinatorDown(ctx: BuildContext, coordinator: string): AlertRule {
  return {
    alert: 'TrinoDown',
    expr: `max(kube_deployment_status_replicas_available{namespace="${ctx.namespace}",deployment="${coordinator}"}) < 1`,
    for: '5m',
    severity: 'critical',
    summary: 'Trino is down',
    description: 'The Trino coordinator has had no available replica for 5 minutes: no query can run.',
    runbook: 'down',
  };
}

/** Trino down, failing queries, lost workers, and its pods; only "down" and the pod alerts without an endpoint. */
export function trinoAlerts(ctx: BuildContext, endpoint: MetricsEndpoint | undefined, coordinator: string): AlertRule[] {
  const pods = workloadAlerts({ prefix: 'Trino', title: 'Trino', namespace: ctx.namespace, pods: 'trino-.*', volumes: '.*trino-worker-.*' });
  if (endpoint === undefined) return [coordinatorDown(ctx, coordinator), ...pods];
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'TrinoDown', title: 'Trino', endpoint }),
    {
      alert: 'TrinoQueryFailuresHigh',
      expr: `sum(trino_execution_name_QueryManager_FailedQueries_OneMinute_Count{${job}}) > 10`,
      for: '10m',
      severity: 'warning',
      summary: 'Trino queries are failing',
      description: 'More than 10 Trino queries a minute have failed for 10 minutes ({{ $value }} in the last minute).',
      runbook: 'query-failures',
    },
    {
      alert: 'TrinoNoActiveWorkers',
      expr: `max(trino_failuredetector_name_HeartbeatFailureDetector_ActiveCount{${job}}) < 1`,
      for: '5m',
      severity: 'critical',
      summary: 'The Trino coordinator sees no active worker',
      description: 'The coordinator failure detector has counted no active node for 5 minutes: queries cannot run.',
      runbook: 'no-active-workers',
    },
    ...pods,
  ];
}
