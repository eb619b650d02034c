import type { Labels } from './kube.ts';

/**
 * A metrics endpoint a component offers to Prometheus. The platform renders one ServiceMonitor
 * (`via: 'service'`) or PodMonitor (`via: 'pod'`) per endpoint and admits the scraper through the
 * NetworkPolicies, so components never write monitors or scrape flows of their own.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
 */
export interface MetricsEndpoint {
  /** Monitor name, unique within the namespace. */
  readonly name: string;
  readonly namespace: string;
  /** Scrape through a Service's named port, or the pods' named container port (operator-managed pods). */
  readonly via: 'service' | 'pod';
  /** Labels of the Service (`via: 'service'`) or of the pods (`via: 'pod'`). */
  readonly selector: Labels;
  /** Named port on the Service or container. */
  readonly port: string;
  /** Container port number, for the NetworkPolicy that admits the scraper. */
  readonly targetPort: number;
  /** Pod labels behind the endpoint, for that NetworkPolicy. @default selector */
  readonly podSelector?: Labels;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default '30s' */
  readonly interval?: string;
  /**
   * Metric names (or name prefixes ending in `*`) the exporter behind this endpoint is documented
   * to expose; alert rules and dashboard queries may name only these.
   */
  readonly metrics: readonly string[];
  /**
   * What the scraper presents, from Secrets (and ConfigMaps) in the same namespace: Basic auth or
   * a bearer token, or an OAuth2 client credentials grant (the scraper fetches and renews the token).
   */
  readonly auth?: { readonly type: 'basic' | 'bearer'; readonly secret: string } | MetricsOAuth2;
  /**
   * How the scraper verifies an `https` endpoint: a CA bundle from a ConfigMap (OpenShift's
   * injected `openshift-service-ca.crt`, Kubernetes' `kube-root-ca.crt`) or a Secret (cert-manager's
   * `ca.crt`) in the endpoint's namespace, and the name the certificate is issued for.
   */
  readonly tls?:
    | { readonly caConfigMap: KeyOf; readonly serverName: string }
    | { readonly caSecret: KeyOf; readonly serverName: string };
  /** Pod labels copied onto every scraped series (Strimzi's `strimzi.io/cluster`, ...). */
  readonly targetLabels?: readonly string[];
}

/** A key of a ConfigMap or Secret in the endpoint's namespace. */
export interface KeyOf {
  readonly name: string;
  readonly key: string;
}

/**
 * The OAuth2 client credentials grant the scraper runs for a token (Prometheus `oauth2`): the
 * client id from a ConfigMap key (the operator takes no literal), the secret from a Secret key,
 * the in-cluster token URL and, for an HTTPS token URL, the CA (a Secret key) to verify it.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.OAuth2
 */
export interface MetricsOAuth2 {
  readonly type: 'oauth2';
  readonly clientId: { readonly configMap: KeyOf };
  readonly clientSecret: KeyOf;
  readonly tokenUrl: string;
  readonly tokenCaSecret?: KeyOf;
}

/** Alert severities, as Alertmanager routes them. */
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * One Prometheus alerting rule a component declares; the platform groups them into one
 * PrometheusRule per component.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */
export interface AlertRule {
  /** CamelCase alert name (`KafkaUnderReplicatedPartitions`). */
  readonly alert: string;
  /** PromQL expression. */
  readonly expr: string;
  /** Pending duration before firing (`5m`). */
  readonly for?: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
  /** Anchor in the component's runbook page (docs/runbooks/<component>.md#<anchor>). */
  readonly runbook: string;
}

/**
 * The label the platform's monitors and rules carry and our Prometheus selects them by (seed 000
 * §ServiceMonitors: `monitoring: datalyptica`).
 */
export const MONITOR_LABEL = { monitoring: 'datalyptica' } as const;

/** Where `runbook_url` annotations point: the runbook pages of the docs, one per component. */
export const RUNBOOK_BASE_URL = 'https://github.com/datalyptica/datalyptica/blob/main/docs/runbooks';
