import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { emptyBuild } from '../../model/component.ts';
import type { BuildContext } from '../../platform/context.ts';
import { heapOf } from '../../platform/quantity.ts';
import { configMap, container, deployment, httpProbes, service, serviceAccount, checksum } from '../../platform/workload.ts';
import { postgresAccess } from '../postgres/access.ts';
import { NESSIE_SIZING } from './sizing.ts';

/** @see https://projectnessie.org/guides/configuration/ */
export const NESSIE_IMAGE = 'ghcr.io/projectnessie/nessie:0.107.9';
export const NESSIE_PORT = 19120;
/** Quarkus management port: health, metrics (moved off 19120 in 0.82.0, audit A-15). */
export const NESSIE_MANAGEMENT_PORT = 9000;

function build(ctx: BuildContext): ComponentBuild {
  const sizing = ctx.sizing(NESSIE_SIZING);
  const db = postgresAccess(ctx, 'nessie');
  const s3 = ctx.objectStorage;
  const creds = s3.credentials();
  const name = 'nessie';
  const warehouse = `s3://${s3.buckets.warehouse}/`;

  // Non-secret settings go in a ConfigMap; Quarkus reads them as env via envFrom-like explicit env below.
  const settings: Record<string, string> = {
    NESSIE_VERSION_STORE_TYPE: 'JDBC2',
    NESSIE_VERSION_STORE_PERSIST_JDBC_DATASOURCE: 'postgresql',
    QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL: db.jdbcUrl,
    // Every replica tells the others to drop cached objects (audit A-17); the headless
    // management Service resolves to all pod IPs.
    NESSIE_VERSION_STORE_PERSIST_CACHE_INVALIDATIONS_SERVICE_NAMES: `${name}-mgmt.${ctx.namespace}.svc`,
    NESSIE_CATALOG_DEFAULT_WAREHOUSE: 'warehouse',
    NESSIE_CATALOG_WAREHOUSES_WAREHOUSE_LOCATION: warehouse,
    NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_REGION: s3.region,
    NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_ENDPOINT: s3.endpoint,
    NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_PATH_STYLE_ACCESS: String(s3.pathStyle),
    // The S3 keys are resolved by Nessie's secrets manager from the env vars named below.
    NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_ACCESS_KEY: 'urn:nessie-secret:quarkus:nessie.catalog.secrets.s3-default',
    JAVA_OPTS_APPEND: `-Xmx${heapOf(sizing.resources.limits.memory, 0.75)}`,
  };
  const cm = configMap(ctx, `${name}-config`, settings);
  const env = Object.keys(settings)
    .sort()
    .map((key) => ({ name: key, value: settings[key]! }));

  const workload = deployment(ctx, {
    name,
    replicas: sizing.replicas,
    podAnnotations: { 'datalyptica.io/config-checksum': checksum(JSON.stringify(settings)) },
    pod: {
      serviceAccountName: name,
      antiAffinity: sizing.replicas > 1 ? 'preferred' : 'none',
      kubernetesUser: { runAsUser: 10000, fsGroup: 10001 },
      containers: [
        container({
          name,
          image: ctx.image(NESSIE_IMAGE, { main: true }),
          resources: sizing.resources,
          ports: [
            { name: 'http', containerPort: NESSIE_PORT },
            { name: 'management', containerPort: NESSIE_MANAGEMENT_PORT },
          ],
          env,
          secretEnv: [
            { name: 'QUARKUS_DATASOURCE_POSTGRESQL_USERNAME', secret: db.secretName, key: db.userKey },
            { name: 'QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD', secret: db.secretName, key: db.passwordKey },
            { name: 'NESSIE_CATALOG_SECRETS_S3_DEFAULT_NAME', secret: creds.secretName, key: creds.accessKeyKey },
            { name: 'NESSIE_CATALOG_SECRETS_S3_DEFAULT_SECRET', secret: creds.secretName, key: creds.secretKeyKey },
            { name: 'NESSIE_VERSION_STORE_PERSIST_CACHE_INVALIDATIONS_VALID_TOKENS', secret: `${name}-cache-token`, key: 'token' },
          ],
          probes: {
            ...httpProbes({ path: '/q/health/ready', port: 'management' }, { startupSeconds: 180 }),
            liveness: { httpGet: { path: '/q/health/live', port: 'management', scheme: 'HTTP' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
          },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        }),
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  });

  const objects = [
    serviceAccount(ctx, name),
    cm,
    service(ctx, { name, ports: [{ name: 'http', port: NESSIE_PORT, targetPort: 'http' }] }),
    service(ctx, {
      name: `${name}-mgmt`,
      headless: true,
      publishNotReadyAddresses: true,
      ports: [{ name: 'management', port: NESSIE_MANAGEMENT_PORT, targetPort: 'management' }],
    }),
    workload,
  ];

  const selector = ctx.selector();
  return {
    ...emptyBuild(),
    objects,
    dependsOn: ['postgres', 'object-storage'],
    flows: [
      ...(['trino', 'spark', 'flink', 'dbt'] as const).map((component) => ({
        from: { kind: 'component' as const, component },
        ports: [{ port: NESSIE_PORT, name: 'http' }],
        description: `${component} reads and commits Iceberg table metadata through the Nessie API`,
      })),
      { from: { kind: 'component', component: 'nessie' }, ports: [{ port: NESSIE_MANAGEMENT_PORT, name: 'management' }], description: 'replicas invalidate each other\'s caches' },
      { from: { kind: 'monitoring' }, ports: [{ port: NESSIE_MANAGEMENT_PORT, name: 'management' }], description: 'Prometheus scrapes /q/metrics' },
      { from: { kind: 'ingress' }, ports: [{ port: NESSIE_PORT, name: 'http' }], description: 'the Nessie UI and API through the router' },
    ],
    egress: s3.mode === 'external' ? [{ to: { kind: 'object-storage' }, ports: [{ port: s3.endpointHostPort.port }], description: 'Iceberg REST writes table metadata to S3' }] : [],
    secrets: [
      {
        name: `${name}-cache-token`,
        namespace: ctx.namespace,
        source: 'generated',
        keys: [{ key: 'token', kind: 'token', length: 40 }],
        description: 'shared token that authenticates cache-invalidation calls between Nessie replicas',
        consumers: ['nessie'],
      },
    ],
    exposures: [
      {
        host: 'nessie',
        service: name,
        namespace: ctx.namespace,
        port: 'http',
        kind: 'ui',
        description: 'Nessie UI and REST API (v2 and Iceberg REST)',
        podSelector: selector,
        targetPort: NESSIE_PORT,
      },
    ],
    disruption: [{ name, namespace: ctx.namespace, selector, replicas: sizing.replicas }],
    checks: [
      { id: 'nessie.pods', group: 'data', title: 'Nessie pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector, min: sizing.replicas } },
      {
        id: 'nessie.api',
        group: 'connectivity',
        title: 'Nessie REST API v2 answers',
        probe: { type: 'http', endpoint: { namespace: ctx.namespace, service: name, port: NESSIE_PORT }, path: '/api/v2/config', expectBody: 'defaultBranch' },
      },
      {
        id: 'nessie.health',
        group: 'services',
        title: 'Nessie reports healthy on its management port',
        probe: { type: 'http', endpoint: { namespace: ctx.namespace, service: `${name}-mgmt`, port: NESSIE_MANAGEMENT_PORT }, path: '/q/health/ready', expectBody: 'UP' },
      },
    ],
    footprint: [{ name, namespace: ctx.namespace, replicas: sizing.replicas, resources: sizing.resources, minAvailable: 1 }],
  };
}

export const nessie: ComponentDefinition = {
  name: 'nessie',
  title: 'Project Nessie (Iceberg catalog)',
  tier: 'catalog',
  layer: 'data',
  phase: 'catalog',
  version: '0.107.9',
  enabledByDefault: true,
  build,
};
