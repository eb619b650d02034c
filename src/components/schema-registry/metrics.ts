import { stringify } from 'yaml';
import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { AlertRule, MetricsEndpoint } from '../../model/metrics.ts';
import { configMap } from '../../platform/workload.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';

/** The exporter's HTTP port (the port Strimzi uses for the same agent). */
export const SCHEMA_REGISTRY_METRICS_PORT = 9404;
export const SCHEMA_REGISTRY_EXPORTER_CONFIG = 'schema-registry-jmx-exporter';
const CONFIG_DIR = '/etc/jmx-exporter';
const CONFIG_KEY = 'config.yaml';

/**
 * Where the image keeps the JMX exporter agent: Confluent's base image (`cp-base-java`, linked as
 * `cp-base-new`) depends on `io.prometheus.jmx:jmx_prometheus_javaagent` and ships it with its version
 * in the file name, which changes with the base image; the start script finds it by pattern.
 * @see https://github.com/confluentinc/common-docker/blob/master/base-java/pom.xml
 */
const AGENT_GLOB = '/usr/share/java/cp-base-*/jmx_prometheus_javaagent-*.jar';

/**
 * Rules for Schema Registry's documented MBeans: the global Jetty connection metrics, the leader role
 * and the global (unprefixed) Jersey request metrics; per-endpoint attributes (`<endpoint>.request-rate`)
 * contain a dot and match no rule, which bounds the series count. Dashes become underscores (the
 * exporter's name sanitising), names are lowercased.
 * @see https://docs.confluent.io/platform/current/schema-registry/monitoring.html
 * @see https://github.com/prometheus/jmx_exporter#configuration
 */
const RULES = [
  { pattern: 'kafka.schema.registry<type=jetty-metrics><>([a-z_-]+)', name: 'schema_registry_jetty_$1', type: 'GAUGE' },
  { pattern: 'kafka.schema.registry<type=master-slave-role><>master-slave-role', name: 'schema_registry_master_slave_role', type: 'GAUGE' },
  { pattern: 'kafka.schema.registry<type=jersey-metrics><>([a-z-]+)', name: 'schema_registry_jersey_$1', type: 'GAUGE' },
] as const;

/**
 * What the agent serves with those rules, plus its own JVM and scrape series (the javaagent always
 * adds the JVM collectors).
 */
export const SCHEMA_REGISTRY_METRICS: readonly string[] = [
  'schema_registry_jetty_connections_active',
  'schema_registry_jetty_*',
  'schema_registry_master_slave_role',
  'schema_registry_jersey_request_rate',
  'schema_registry_jersey_request_error_rate',
  'schema_registry_jersey_request_latency_avg',
  'schema_registry_jersey_*',
  'jvm_*',
  'jmx_*',
  'process_*',
];

/** The exporter ConfigMap the agent reads. */
export function schemaRegistryExporterConfig(ctx: BuildContext): KubeObject {
  return configMap(ctx, SCHEMA_REGISTRY_EXPORTER_CONFIG, { [CONFIG_KEY]: stringify({ lowercaseOutputName: true, rules: RULES.map((r) => ({ ...r })) }, { lineWidth: 0 }) });
}

/**
 * The container command: the image's own entry point (`/etc/confluent/docker/run`) with the agent in
 * `SCHEMA_REGISTRY_OPTS`, which `schema-registry-run-class` passes to the JVM. Without the agent in the
 * image the container stops with a message instead of running unmonitored.
 * @see https://github.com/confluentinc/schema-registry/blob/master/bin/schema-registry-run-class
 */
export function schemaRegistryCommand(): string[] {
  const script = [
    'agent=""',
    `for f in ${AGENT_GLOB}; do [ -f "$f" ] && agent="$f" && break; done`,
    'if [ -z "$agent" ]; then echo "no JMX exporter agent (jmx_prometheus_javaagent) in this image; use a Confluent image that ships it" >&2; exit 1; fi',
    `export SCHEMA_REGISTRY_OPTS="\${SCHEMA_REGISTRY_OPTS:-} -javaagent:$agent=${SCHEMA_REGISTRY_METRICS_PORT}:${CONFIG_DIR}/${CONFIG_KEY}"`,
    'exec /etc/confluent/docker/run',
  ].join('\n');
  return ['/bin/bash', '-c', script];
}

export const SCHEMA_REGISTRY_EXPORTER_MOUNT = { name: 'jmx-exporter', mountPath: CONFIG_DIR, readOnly: true } as const;
export const SCHEMA_REGISTRY_EXPORTER_VOLUME = { name: 'jmx-exporter', configMap: { name: SCHEMA_REGISTRY_EXPORTER_CONFIG } } as const;

/** The pods' `metrics` container port, scraped through a PodMonitor (the client Service stays on 8081 only). */
export function schemaRegistryMetrics(ctx: BuildContext): MetricsEndpoint {
  return { name: 'schema-registry', namespace: ctx.namespace, via: 'pod', selector: ctx.selector(), port: 'metrics', targetPort: SCHEMA_REGISTRY_METRICS_PORT, metrics: SCHEMA_REGISTRY_METRICS };
}

/** Down, no leader (writes fail), request errors, and the pod alerts. */
export function schemaRegistryAlerts(ctx: BuildContext, endpoint: MetricsEndpoint): AlertRule[] {
  const job = `namespace="${ctx.namespace}",job="${endpoint.name}"`;
  return [
    downAlert({ alert: 'SchemaRegistryDown', title: 'Schema Registry', endpoint }),
    {
      alert: 'SchemaRegistryNoLeader',
      expr: `sum(schema_registry_master_slave_role{${job}}) < 1`,
      for: '5m',
      severity: 'critical',
      summary: 'Schema Registry has no leader',
      description: 'No Schema Registry instance has been the leader for 5 minutes: new schemas cannot be registered (producers with auto-registration fail).',
      runbook: 'no-leader',
    },
    {
      alert: 'SchemaRegistryRequestErrors',
      expr: `sum(schema_registry_jersey_request_error_rate{${job}}) > 1`,
      for: '10m',
      severity: 'warning',
      summary: 'Schema Registry answers requests with errors',
      description: 'Schema Registry has answered more than one request a second with an HTTP error for 10 minutes ({{ $value }}/s).',
      runbook: 'request-errors',
    },
    ...workloadAlerts({ prefix: 'SchemaRegistry', title: 'Schema Registry', namespace: ctx.namespace, pods: 'schema-registry-.*' }),
  ];
}
