import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { nessieAlerts, nessieMetrics } from './metrics.ts';
import { nessieOptions, type NessieOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { BuildContext, SsoTrust } from '../../model/build-context.ts';
import { heapOf } from '../../platform/quantity.ts';
import { withJvmTrust } from '../../platform/object-storage.ts';
import { configMap, container, declaredDeployment, service, serviceAccount, checksum } from '../../platform/workload.ts';
import type { Flow } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { Exposure } from '../../model/exposure.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { postgresAccess, type PostgresAccess } from '../postgres/access.ts';
import type { S3JvmTrust } from '../../model/object-storage.ts';
import type { Sizing } from '../../model/sizing.ts';
import { NESSIE_SIZING } from './sizing.ts';
import type { SsoClient } from '../../model/sso.ts';

/** @see https://projectnessie.org/guides/configuration/ */
import { consumerSources, flowsToService } from '../../platform/flows.ts';
import { NESSIE_ENGINE_CLIENTS, nessieAuthorizationProperties } from './authorization.ts';

export const NESSIE_IMAGE = 'ghcr.io/projectnessie/nessie:0.108.4';
/** Symbolic secret name the S3 access key resolves through (the Helm chart's naming). */
const S3_SECRET = 'nessie-catalog-secrets.s3.default-options.access-key';
export const NESSIE_PORT = 19120;
/** Quarkus management port: health, metrics (moved off 19120 in 0.82.0). */
export const NESSIE_MANAGEMENT_PORT = 9000;
/** The audience every token Nessie accepts carries (the realm's audience mapper adds it). */
export const NESSIE_AUDIENCE = 'nessie';

/**
 * Whether the Nessie API requires a bearer token of the platform realm: on by default with the
 * identity component. Engines that call Nessie read this to add their client credentials.
 */
export function nessieOidc(ctx: BuildContext): boolean {
  return ctx.sso.enabled && (ctx.optionsOf('nessie', nessieOptions).oidc.enabled ?? true);
}

/**
 * Quarkus OIDC as a `service` application: keys and discovery over the in-cluster backchannel,
 * tokens must carry the public issuer and the `nessie` audience. Off: Nessie's own default.
 * @see https://quarkus.io/guides/security-oidc-configuration-properties-reference
 */
function oidcProperties(ctx: BuildContext): Record<string, string> {
  if (!nessieOidc(ctx)) return { 'quarkus.oidc.tenant-enabled': 'false' };
  return {
    'nessie.server.authentication.enabled': 'true',
    'quarkus.oidc.tenant-enabled': 'true',
    'quarkus.oidc.application-type': 'service',
    'quarkus.oidc.auth-server-url': ctx.sso.internalIssuer,
    'quarkus.oidc.token.issuer': ctx.sso.issuer,
    'quarkus.oidc.token.audience': NESSIE_AUDIENCE,
    'quarkus.oidc.client-id': NESSIE_AUDIENCE,
    ...backchannelTrust(ctx),
    ...(ctx.optionsOf('nessie', nessieOptions).authorization.enabled ? nessieAuthorizationProperties({ enginePrincipals: enginePrincipals(ctx) }) : {}),
  };
}

/** The Quarkus TLS registry configuration Nessie's OIDC client verifies Keycloak's certificate with. */
const OIDC_TLS_CONFIGURATION = 'keycloak';

/**
 * With the HTTPS backchannel: a named TLS configuration whose trust store is the mounted PEM CA of
 * Keycloak's certificate, used by the OIDC client only (the JVM truststore stays S3's).
 * @see https://quarkus.io/guides/tls-registry-reference
 * @see https://quarkus.io/guides/security-oidc-configuration-properties-reference
 */
function backchannelTrust(ctx: BuildContext): Record<string, string> {
  const trust = ctx.sso.trust;
  if (trust === undefined) return {};
  return {
    [`quarkus.tls.${OIDC_TLS_CONFIGURATION}.trust-store.pem.certs`]: trust.caFile,
    'quarkus.oidc.tls.tls-configuration-name': OIDC_TLS_CONFIGURATION,
  };
}

/** The service accounts of the enabled engines' Nessie clients (`service-account-<client id>`). */
function enginePrincipals(ctx: BuildContext): string[] {
  return (Object.keys(NESSIE_ENGINE_CLIENTS) as (keyof typeof NESSIE_ENGINE_CLIENTS)[]).filter((engine) => ctx.isEnabled(engine)).map((engine) => `service-account-${NESSIE_ENGINE_CLIENTS[engine]}`);
}

/** The realm client users' tools (the Nessie CLI, pynessie, notebooks) log in with: PKCE, loopback redirect. */
function nessieSsoClient(ctx: BuildContext): SsoClient {
  return {
    clientId: NESSIE_AUDIENCE,
    component: 'nessie',
    type: 'public',
    description: 'Nessie API for users\' tools (authorization code with PKCE on a loopback redirect)',
    redirectUris: ['http://127.0.0.1/*', `https://${ctx.host('nessie')}/*`],
    roleMapping: { admin: ['admins'], writer: ['engineers'], reader: ['analysts', 'viewers'] },
    audiences: [NESSIE_AUDIENCE],
  };
}

/**
 * application.properties: the JDBC version store, the Iceberg REST warehouse on S3, the ports,
 * cache invalidation between replicas, and OIDC.
 */
function nessieProperties(ctx: BuildContext<NessieOptions>, input: { jdbcUrl: string; warehouse: string }): string {
  const s3 = ctx.objectStorage;
  const name = 'nessie';
  const { warehouse } = input;
  // Non-secret settings go in application.properties, mounted where the image's Quarkus reads it
  // (the Helm chart's layout); secrets come from Secret-backed env vars named by the exact property
  // names, which Quarkus reads as-is (the chart does the same).
  const settings: Record<string, string> = {
    'nessie.version.store.type': 'JDBC2',
    'nessie.version.store.persist.jdbc.datasource': 'postgresql',
    'quarkus.datasource.postgresql.jdbc.url': input.jdbcUrl,
    'quarkus.http.port': String(NESSIE_PORT),
    'quarkus.management.port': String(NESSIE_MANAGEMENT_PORT),
    // Every replica tells the others to drop cached objects; the headless
    // management Service resolves to all pod IPs.
    'nessie.version.store.persist.cache-invalidations.service-names': `${name}-mgmt.${ctx.namespace}.svc`,
    'nessie.catalog.default-warehouse': 'warehouse',
    'nessie.catalog.warehouses.warehouse.location': warehouse,
    'nessie.catalog.service.s3.default-options.region': s3.region,
    'nessie.catalog.service.s3.default-options.endpoint': s3.endpoint,
    'nessie.catalog.service.s3.default-options.path-style-access': String(s3.pathStyle),
    'nessie.catalog.service.s3.default-options.auth-type': 'STATIC',
    // The keys are resolved through Nessie's secrets manager from the two env vars below.
    'nessie.catalog.service.s3.default-options.access-key': `urn:nessie-secret:quarkus:${S3_SECRET}`,
    ...oidcProperties(ctx),
  };
  return Object.keys(settings)
    .sort()
    .map((key) => `${key}=${settings[key]!}`)
    .join('\n');
}

/** Live checks: pods ready, the API (refusing a request without a token under OIDC), health on the management port. */
function nessieChecks(ctx: BuildContext<NessieOptions>, input: { replicas: number; oidc: boolean }): LiveCheck[] {
  const name = 'nessie';
  const selector = ctx.selector();
  const oidc = input.oidc;
  return [
      { id: 'nessie.pods', group: 'data', title: 'Nessie pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector, min: input.replicas } },
      oidc
        ? {
            id: 'nessie.api-authenticated',
            group: 'iam',
            title: 'Nessie REST API v2 refuses a request without a token',
            probe: { type: 'http', endpoint: { namespace: ctx.namespace, service: name, port: NESSIE_PORT }, path: '/api/v2/config', expectStatus: 401 },
          }
        : {
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
    ];
}

/** The engines reach the API, replicas each other's management port, users come through the router: the Services say where. */
function nessieFlows(ctx: BuildContext, input: { api: KubeObject; management: KubeObject; pods: KubeObject }): Flow[] {
  const { api, management, pods } = input;
  return [
    ...flowsToService(api, [
      // Whoever declares `consumes: [{ component: 'nessie' }]`.
      ...consumerSources(ctx.consumers, (c) => `${c} reads and commits Iceberg table metadata through the Nessie API`),
      { from: { kind: 'ingress' }, description: 'the Nessie UI and API through the router' },
    ], { pods }),
    ...flowsToService(management, [{ from: { kind: 'component', component: 'nessie' }, description: 'replicas invalidate each other\'s caches' }], { pods }),
  ];
}

/** The Nessie server: API and management ports, the database and S3 keys from Secrets, Quarkus health probes. */
function nessieContainer(ctx: BuildContext<NessieOptions>, input: { image: string; sizing: Sizing; db: PostgresAccess; trust: S3JvmTrust | undefined; ssoTrust: SsoTrust | undefined }): Record<string, unknown> {
  const { image, sizing, db, trust, ssoTrust } = input;
  const name = 'nessie';
  const creds = ctx.objectStorage.credentials();
  return withJvmTrust(container({
    name,
    image,
    resources: sizing.resources,
    ports: [
      { name: 'http', containerPort: NESSIE_PORT },
      { name: 'management', containerPort: NESSIE_MANAGEMENT_PORT },
    ],
    env: [{ name: 'JAVA_OPTS_APPEND', value: `-Xmx${heapOf(sizing.resources.limits.memory, 0.75)}` }],
    secretEnv: [
      { name: 'quarkus.datasource.postgresql.username', secret: db.secretName, key: db.userKey },
      { name: 'quarkus.datasource.postgresql.password', secret: db.secretName, key: db.passwordKey },
      { name: `${S3_SECRET}.name`, secret: creds.secretName, key: creds.accessKeyKey },
      { name: `${S3_SECRET}.secret`, secret: creds.secretName, key: creds.secretKeyKey },
      { name: 'nessie.version.store.persist.cache-invalidations.valid-tokens', secret: `${name}-cache-token`, key: 'token' },
    ],
    probes: {
      readiness: { httpGet: { path: '/q/health/ready', port: 'management', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      liveness: { httpGet: { path: '/q/health/live', port: 'management', scheme: 'HTTP' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
      startup: { httpGet: { path: '/q/health/started', port: 'management', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 18 },
    },
    volumeMounts: [
      { name: 'config', mountPath: '/deployments/config/application.properties', subPath: 'application.properties', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
      ...(ssoTrust ? [ssoTrust.volumeMount] : []),
    ],
  }), trust);
}

/** The UI and REST API through the router, behind the realm when OIDC is on. */
function nessieExposure(ctx: BuildContext<NessieOptions>, oidc: boolean): Exposure {
  const name = 'nessie';
  const selector = ctx.selector();
  return {
    host: 'nessie',
    service: name,
    namespace: ctx.namespace,
    port: 'http',
    kind: 'ui',
    description: 'Nessie UI and REST API (v2 and Iceberg REST)',
    podSelector: selector,
    targetPort: NESSIE_PORT,
    authentication: oidc ? 'oidc' : 'none',
  };
}

function build(ctx: BuildContext<NessieOptions>): ComponentBuild {
  const sizing = ctx.sizing(NESSIE_SIZING);
  const db = postgresAccess(ctx, 'nessie');
  const s3 = ctx.objectStorage;
  const name = 'nessie';
  const warehouse = `s3://${s3.buckets.warehouse}/`;

  const properties = nessieProperties(ctx, { jdbcUrl: db.jdbcUrl, warehouse });
  const cm = configMap(ctx, `${name}-config`, { 'application.properties': `${properties}\n` });

  const image = ctx.image(NESSIE_IMAGE, { main: true });
  const trust = s3.jvmTrust({ namespace: ctx.namespace, consumer: 'nessie', image });
  const ssoTrust = nessieOidc(ctx) ? ctx.sso.trust : undefined;

  const workload = declaredDeployment(ctx, {
    name,
    replicas: sizing.replicas,
    resources: sizing.resources,
    podAnnotations: { 'datalyptica.io/config-checksum': checksum(properties) },
    pod: {
      serviceAccountName: name,
      antiAffinity: sizing.replicas > 1 ? 'preferred' : 'none',
      kubernetesUser: { runAsUser: 10000, fsGroup: 10001 },
      ...(trust ? { initContainers: [trust.initContainer] } : {}),
      containers: [
        nessieContainer(ctx, { image, sizing, db, trust, ssoTrust }),
      ],
      volumes: [
        { name: 'config', configMap: { name: `${name}-config` } },
        { name: 'tmp', emptyDir: {} },
        ...(trust?.volumes ?? []),
        ...(ssoTrust ? [ssoTrust.volume] : []),
      ],
    },
  });

  const api = service(ctx, { name, ports: [{ name: 'http', port: NESSIE_PORT, targetPort: 'http' }] });
  const management = service(ctx, {
    name: `${name}-mgmt`,
    headless: true,
    publishNotReadyAddresses: true,
    ports: [{ name: 'management', port: NESSIE_MANAGEMENT_PORT, targetPort: 'management' }],
  });
  const objects = [serviceAccount(ctx, name), cm, api, management, workload.object];

  const oidc = nessieOidc(ctx);
  const metrics = nessieMetrics(ctx, NESSIE_MANAGEMENT_PORT);
  return {
    ...emptyBuild(),
    objects,
    // Tokens are checked against the realm's keys: the realm must exist before clients call.
    dependsOn: oidc ? ['postgres', 'object-storage', 'keycloak'] : ['postgres', 'object-storage'],
    metrics: [metrics],
    alerts: nessieAlerts(ctx, metrics),
    flows: nessieFlows(ctx, { api, management, pods: workload.object }),
    egress: s3.consumerEgress('Iceberg REST writes table metadata to S3'),
    secrets: [
      s3.consumerSecret(ctx.namespace, 'nessie'),
      ...(trust?.secrets ?? []),
      ...(ssoTrust?.secrets ?? []),
      {
        name: `${name}-cache-token`,
        namespace: ctx.namespace,
        source: 'generated',
        keys: [{ key: 'token', kind: 'token', length: 40 }],
        description: 'shared token that authenticates cache-invalidation calls between Nessie replicas',
        consumers: ['nessie'],
      },
    ],
    exposures: [nessieExposure(ctx, oidc)],
    ...(oidc ? { ssoClients: [nessieSsoClient(ctx)] } : {}),
    disruption: [workload.disruption],
    checks: nessieChecks(ctx, { replicas: sizing.replicas, oidc }),
    footprint: [workload.footprint],
  };
}

export const nessie: ComponentDefinition<NessieOptions> = {
  name: 'nessie',
  title: 'Project Nessie (Iceberg catalog)',
  tier: 'catalog',
  layer: 'data',
  phase: 'catalog',
  version: '0.108.4',
  enabledByDefault: true,
  options: nessieOptions,
  databases: [{ role: 'nessie' }],
  // Iceberg REST writes table metadata.
  consumes: () => [{ component: 'object-storage' }],
  build,
};
