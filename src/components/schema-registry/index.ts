import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { schemaRegistryOptions, type SchemaRegistryOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { heapOf } from '../../platform/quantity.ts';
import { checksum, container, declaredDeployment, httpProbes, service, serviceAccount } from '../../platform/workload.ts';
import { KAFKA_SECRET_KEY, kafkaAccess, kafkaClientSecrets, type KafkaAccess } from '../kafka/access.ts';
import type { Sizing } from '../../model/sizing.ts';
import { SCHEMAS_TOPIC, SCHEMA_REGISTRY_GROUP } from '../kafka/topics.ts';
import { SCHEMA_REGISTRY_SIZING } from './sizing.ts';
import {
  SCHEMA_REGISTRY_EXPORTER_MOUNT,
  SCHEMA_REGISTRY_EXPORTER_VOLUME,
  SCHEMA_REGISTRY_METRICS_PORT,
  schemaRegistryAlerts,
  schemaRegistryCommand,
  schemaRegistryExporterConfig,
  schemaRegistryMetrics,
} from './metrics.ts';
import { schemaRegistryConsumes } from './consumes.ts';
import { consumerSources, flowsToService } from '../../platform/flows.ts';

/** @see https://hub.docker.com/r/confluentinc/cp-schema-registry */
export const SCHEMA_REGISTRY_VERSION = '8.3.1';
export const SCHEMA_REGISTRY_IMAGE = `docker.io/confluentinc/cp-schema-registry:${SCHEMA_REGISTRY_VERSION}`;
/** Schema Registry's default listener port (clients default to 8081). */
export const SCHEMA_REGISTRY_PORT = 8081;
/** The Service name every client uses (`http://schema-registry.<ns>.svc:8081`). */
export const SCHEMA_REGISTRY_SERVICE = 'schema-registry';

/** Where the Strimzi Secrets are mounted. */
const KEYSTORE_DIR = '/etc/schema-registry/kafka-user';
const TRUSTSTORE_DIR = '/etc/schema-registry/kafka-ca';

/** The URL clients (Connect converters, Flink, Spark, Trino) use. */
export function schemaRegistryUrl(ctx: BuildContext): string {
  return `http://${SCHEMA_REGISTRY_SERVICE}.${ctx.namespaceOf('schema-registry')}.svc:${SCHEMA_REGISTRY_PORT}`;
}

/** The registry container: Kafka over mTLS from PKCS12 stores, the leader reachable by pod IP. */
function registryContainer(ctx: BuildContext<SchemaRegistryOptions>, input: { kafka: KafkaAccess; sizing: Sizing; env: { name: string; value: string }[] }): Record<string, unknown> {
  const { kafka, sizing, env } = input;
  const name = SCHEMA_REGISTRY_SERVICE;
  return container({
    name,
    image: ctx.image(SCHEMA_REGISTRY_IMAGE, { main: true }),
    command: schemaRegistryCommand(),
    resources: sizing.resources,
    ports: [
      { name: 'http', containerPort: SCHEMA_REGISTRY_PORT },
      { name: 'metrics', containerPort: SCHEMA_REGISTRY_METRICS_PORT },
    ],
    // Instances forward writes to the leader by this name; a Deployment's pod name does not resolve.
    fieldEnv: [{ name: 'SCHEMA_REGISTRY_HOST_NAME', fieldPath: 'status.podIP' }],
    env,
    secretEnv: [
      { name: 'SCHEMA_REGISTRY_KAFKASTORE_SSL_KEYSTORE_PASSWORD', secret: kafka.userSecret, key: KAFKA_SECRET_KEY.userPassword },
      { name: 'SCHEMA_REGISTRY_KAFKASTORE_SSL_KEY_PASSWORD', secret: kafka.userSecret, key: KAFKA_SECRET_KEY.userPassword },
      { name: 'SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_PASSWORD', secret: kafka.caSecret, key: KAFKA_SECRET_KEY.caPassword },
    ],
    probes: {
      ...httpProbes({ path: '/subjects', port: 'http' }, { startupSeconds: 180 }),
      liveness: { httpGet: { path: '/', port: 'http', scheme: 'HTTP' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    },
    volumeMounts: [
      { name: 'kafka-user', mountPath: KEYSTORE_DIR, readOnly: true },
      { name: 'kafka-ca', mountPath: TRUSTSTORE_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
      SCHEMA_REGISTRY_EXPORTER_MOUNT,
    ],
  });
}

/** The registry's settings as the image's SCHEMA_REGISTRY_* variables. */
function registrySettings(ctx: BuildContext<SchemaRegistryOptions>, kafka: KafkaAccess, sizing: Sizing): Record<string, string> {
  // The image turns SCHEMA_REGISTRY_* variables into schema-registry.properties.
  // @see https://docs.confluent.io/platform/current/installation/docker/config-reference.html#sr-long-configuration
  return {
    SCHEMA_REGISTRY_LISTENERS: `http://0.0.0.0:${SCHEMA_REGISTRY_PORT}`,
    SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: `SSL://${kafka.bootstrapTls}`,
    SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL: 'SSL',
    SCHEMA_REGISTRY_KAFKASTORE_SSL_KEYSTORE_TYPE: 'PKCS12',
    SCHEMA_REGISTRY_KAFKASTORE_SSL_KEYSTORE_LOCATION: `${KEYSTORE_DIR}/${KAFKA_SECRET_KEY.userP12}`,
    SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_TYPE: 'PKCS12',
    SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_LOCATION: `${TRUSTSTORE_DIR}/${KAFKA_SECRET_KEY.caP12}`,
    // Brokers present certificates for their Service names; verify them.
    SCHEMA_REGISTRY_KAFKASTORE_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: 'https',
    SCHEMA_REGISTRY_KAFKASTORE_TOPIC: SCHEMAS_TOPIC,
    SCHEMA_REGISTRY_SCHEMA_REGISTRY_GROUP_ID: SCHEMA_REGISTRY_GROUP,
    SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL: ctx.options().compatibility.toLowerCase(),
    SCHEMA_REGISTRY_LEADER_ELIGIBILITY: 'true',
    SCHEMA_REGISTRY_HEAP_OPTS: `-Xms${heapOf(sizing.resources.limits.memory, 0.6)} -Xmx${heapOf(sizing.resources.limits.memory, 0.6)}`,
  };
}

function build(ctx: BuildContext<SchemaRegistryOptions>): ComponentBuild {
  const sizing = ctx.sizing(SCHEMA_REGISTRY_SIZING);
  const kafka = kafkaAccess(ctx, 'schema-registry');
  const name = SCHEMA_REGISTRY_SERVICE;

  const settings = registrySettings(ctx, kafka, sizing);
  const env = Object.keys(settings)
    .sort()
    .map((key) => ({ name: key, value: settings[key]! }));

  const workload = declaredDeployment(ctx, {
    name,
    replicas: sizing.replicas,
    resources: sizing.resources,
    podAnnotations: { 'datalyptica.io/config-checksum': checksum(JSON.stringify(settings)) },
    pod: {
      serviceAccountName: name,
      antiAffinity: sizing.replicas > 1 ? 'preferred' : 'none',
      // The image's user `appuser` is UID 1000; Kubernetes needs it numeric for runAsNonRoot.
      kubernetesUser: { runAsUser: 1000, fsGroup: 1000 },
      // A Service named schema-registry injects SCHEMA_REGISTRY_PORT, which the image rejects.
      enableServiceLinks: false,
      containers: [
        registryContainer(ctx, { kafka, sizing, env }),
      ],
      volumes: [
        { name: 'kafka-user', secret: { secretName: kafka.userSecret, items: [{ key: KAFKA_SECRET_KEY.userP12, path: KAFKA_SECRET_KEY.userP12 }] } },
        { name: 'kafka-ca', secret: { secretName: kafka.caSecret, items: [{ key: KAFKA_SECRET_KEY.caP12, path: KAFKA_SECRET_KEY.caP12 }] } },
        { name: 'tmp', emptyDir: {} },
        SCHEMA_REGISTRY_EXPORTER_VOLUME,
      ],
    },
  });

  const api = service(ctx, { name, ports: [{ name: 'http', port: SCHEMA_REGISTRY_PORT, targetPort: 'http' }] });
  // Followers reach the leader by pod IP (SCHEMA_REGISTRY_HOST_NAME), on the port the Service targets.
  const flows: Flow[] = flowsToService(api, [
    ...consumerSources(ctx.consumers, (c) => `${c} registers and looks up Avro schemas`),
    ...(sizing.replicas > 1 ? [{ from: { kind: 'component', component: 'schema-registry' }, description: 'followers forward writes to the leader' } as const] : []),
  ], { pods: workload.object });
  const endpoint = { namespace: ctx.namespace, service: name, port: SCHEMA_REGISTRY_PORT };
  const metrics = schemaRegistryMetrics(ctx);

  return {
    ...emptyBuild(),
    objects: [serviceAccount(ctx, name), api, schemaRegistryExporterConfig(ctx), workload.object],
    metrics: [metrics],
    alerts: schemaRegistryAlerts(ctx, metrics),
    dependsOn: ['kafka'],
    flows,
    secrets: kafkaClientSecrets(ctx, 'schema-registry'),
    disruption: [workload.disruption],
    checks: [
      { id: 'schema-registry.pods', group: 'control', title: 'Schema Registry pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector(), min: sizing.replicas } },
      {
        id: 'schema-registry.api',
        group: 'services',
        title: 'Schema Registry answers with its compatibility level',
        probe: { type: 'http', endpoint, path: '/config', expectBody: 'compatibilityLevel' },
      },
    ],
    footprint: [workload.footprint],
  };
}

export const schemaRegistry: ComponentDefinition<SchemaRegistryOptions> = {
  name: 'schema-registry',
  title: 'Confluent Schema Registry',
  tier: 'streaming',
  layer: 'control',
  phase: 'streaming',
  version: SCHEMA_REGISTRY_VERSION,
  enabledByDefault: true,
  options: schemaRegistryOptions,
  consumes: schemaRegistryConsumes,
  build,
};
