import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { trinoOptions, type TrinoOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { withJvmTrust } from '../../platform/object-storage.ts';
import { applySizingOverrides } from '../../platform/sizing.ts';
import { checksum, configMap, container, declaredDeployment, declaredStatefulSet, service, serviceAccount, type DeclaredWorkload } from '../../platform/workload.ts';
import { trinoCatalogs, type Catalogs as TrinoCatalogs } from './catalogs.ts';
import type { Sizing } from '../../model/sizing.ts';
import type { S3JvmTrust } from '../../model/object-storage.ts';
import { trinoChecks } from './checks.ts';
import { TRINO_METRICS_CLIENT, TRINO_METRICS_CLIENT_ID_KEY, TRINO_METRICS_CLIENT_REF, trinoAlerts, trinoMetrics, trinoOAuth2Metrics } from './metrics.ts';
import { configProperties, jvmConfig, type TrinoOAuth2, LOG_PROPERTIES, nodeProperties, preStopCommand, TRINO_ENV, trinoMemory, workerAccessControl } from './config.ts';
import { TRINO_COORDINATOR_SIZING, TRINO_WORKER_SIZING } from './sizing.ts';
import { trinoServerTls } from './tls.ts';
import { coordinatorAccessControl } from './access-control.ts';
import { TRINO_DATA_DIR, TRINO_IMAGE, TRINO_PORTS, TRINO_UID, TRINO_VERSION } from './versions.ts';
import { trinoConsumes } from './consumes.ts';
import { consumerSources, flowsToService, servicePodPorts } from '../../platform/flows.ts';
import { jvmKeycloakCa } from '../../platform/sso-trust.ts';

/** The coordinator's Service: what clients (Superset, dbt, Airflow, JupyterHub) connect to. */
export const TRINO_SERVICE = 'trino';
export const TRINO_COORDINATOR = 'trino-coordinator';
export const TRINO_WORKER = 'trino-worker';
export const TRINO_SHARED_SECRET = 'trino-internal';
export const TRINO_OAUTH2_SECRET = 'trino-oauth2';
export const TRINO_METRICS_SECRET = 'trino-metrics';

/**
 * OAuth2 settings: on by default with the identity component, on the platform realm's issuer and
 * in-cluster endpoints; a user-given issuer keeps discovery (an external provider).
 */
/**
 * Whether Trino logs callers in through the platform realm (OAuth2 on, no external issuer): its
 * in-cluster clients then send a realm token with the `trino` audience.
 */
export function trinoRealmLogin(ctx: BuildContext): boolean {
  const own = ctx.optionsOf('trino', trinoOptions);
  return (own.oauth2.enabled ?? ctx.sso.enabled) && own.oauth2.issuer === undefined;
}

function trinoOAuth2(ctx: BuildContext<TrinoOptions>, own: TrinoOptions): TrinoOAuth2 | undefined {
  if (!(own.oauth2.enabled ?? ctx.sso.enabled)) return undefined;
  if (own.oauth2.issuer !== undefined) return { issuer: own.oauth2.issuer, clientId: own.oauth2.clientId };
  const sso = ctx.sso;
  return { issuer: sso.issuer, clientId: own.oauth2.clientId, endpoints: { authUrl: sso.authorizationEndpoint, tokenUrl: sso.tokenEndpoint, jwksUrl: sso.jwksUri }, ...(sso.trust ? { caFile: sso.trust.caFile } : {}) };
}

/** The realm client Trino's web UI logs in with; programs' tokens must carry the `trino` audience. */
function trinoSsoClient(ctx: BuildContext<TrinoOptions>, clientId: string): SsoClient {
  const base = `https://${ctx.host('trino')}`;
  return {
    clientId,
    component: 'trino',
    type: 'confidential',
    description: 'Trino web UI and client API (OAuth2)',
    redirectUris: [`${base}/oauth2/callback`],
    postLogoutRedirectUris: [`${base}/ui/logout/logout.html`],
    secret: { name: TRINO_OAUTH2_SECRET, namespace: ctx.namespace },
    roleMapping: { admin: ['admins'], engineer: ['engineers'], analyst: ['analysts'], viewer: ['viewers'] },
    audiences: [clientId],
  };
}

/**
 * OAuth2 on, HTTPS off: Trino never authenticates on plain HTTP (the insecure authenticator would
 * accept any user name), so in-cluster clients cannot log in; only browsers through the router work.
 */
export const TRINO_OAUTH2_WITHOUT_HTTPS =
  'trino: OAuth2 is on but components.trino.https.enabled is off (or no certificate source: OpenShift service CA or cert-manager): Trino refuses every client request on plain HTTP port 8080, so dbt, Airflow, Superset, notebooks and the live checks cannot authenticate; only the web UI through the router works. Turn components.trino.https.enabled on (with cert-manager enabled, or components.trino.https.secretName), or turn components.trino.oauth2.enabled off.';

/** The realm client of Trino's service users (the platform's live checks; programs without a browser). */
export const TRINO_SERVICE_CLIENT = 'trino-service';
export const TRINO_SERVICE_CLIENT_SECRET = 'trino-service-client';

function trinoServiceClient(ctx: BuildContext<TrinoOptions>, audience: string): SsoClient {
  return {
    clientId: TRINO_SERVICE_CLIENT,
    component: 'trino',
    type: 'service',
    description: 'Trino service users: programs that query without a browser (client credentials, bearer token)',
    redirectUris: [],
    secret: { name: TRINO_SERVICE_CLIENT_SECRET, namespace: ctx.namespace },
    audiences: [audience],
  };
}

/**
 * The realm client Prometheus scrapes /metrics with: its service account belongs to no group, so
 * Trino's rules give it only what every user has (system information read, the `system` catalog).
 */
function trinoMetricsClient(ctx: BuildContext<TrinoOptions>, audience: string): SsoClient {
  return {
    clientId: TRINO_METRICS_CLIENT,
    component: 'trino',
    type: 'service',
    description: 'Prometheus scrapes Trino /metrics with this client\'s tokens (client credentials, ServiceMonitor oauth2)',
    redirectUris: [],
    secret: { name: TRINO_METRICS_CLIENT_REF, namespace: ctx.namespace },
    audiences: [audience],
    scrapeClient: true,
  };
}

function readiness() {
  return {
    readiness: { exec: { command: ['/usr/lib/trino/bin/health-check'] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    liveness: { httpGet: { path: '/v1/info', port: 'http', scheme: 'HTTP' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    startup: { httpGet: { path: '/v1/info', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
  };
}

/** What the Trino objects and declarations share: sizing, catalogs, login and TLS. */
interface TrinoPlan {
  readonly own: TrinoOptions;
  readonly workers: Sizing;
  readonly coordinator: Sizing;
  /** Workers spill to a persistent volume. */
  readonly spill: boolean;
  readonly maxWorkers: number;
  readonly catalogs: TrinoCatalogs;
  readonly oauth2: TrinoOAuth2 | undefined;
  /** Users log in through the platform realm (not a user-given issuer). */
  readonly realmLogin: boolean;
  readonly https: { readonly pemPath: string } | undefined;
  /** The coordinator's serving certificate: platform-issued objects, mounts and init containers. */
  readonly tls: ReturnType<typeof trinoServerTls>;
}

function planTrino(ctx: BuildContext<TrinoOptions>): TrinoPlan {
  const own = ctx.options();
  const workers = ctx.sizing(TRINO_WORKER_SIZING);
  const coordinator = applySizingOverrides(ctx.sizingOf(TRINO_COORDINATOR_SIZING), { resources: own.coordinator?.resources });
  const spill = (own.spill ?? ctx.profile !== 'dev') && workers.storage !== undefined;
  const maxWorkers = own.autoscaling.enabled ? Math.max(own.autoscaling.maxReplicas ?? workers.replicas * 2, workers.replicas) : workers.replicas;
  const catalogs = trinoCatalogs(ctx);
  const oauth2 = trinoOAuth2(ctx, own);
  // The platform realm: Trino's clients live there (a user-given issuer is an external provider).
  const realmLogin = oauth2 !== undefined && own.oauth2.issuer === undefined;
  const tls = trinoServerTls(ctx, ctx.image(TRINO_IMAGE, { main: true }));
  const https = tls ? { pemPath: tls.pemPath } : undefined;

  return { own, workers, coordinator, spill, maxWorkers, catalogs, oauth2, realmLogin, https, tls };
}

/** The coordinator's and the workers' configuration files (config, JVM, node, logging, worker access control). */
function trinoFiles(ctx: BuildContext<TrinoOptions>, plan: TrinoPlan): { coordinator: Record<string, string>; worker: Record<string, string> } {
  const { own, workers, coordinator, spill, oauth2, https, realmLogin } = plan;
  const discoveryUri = `http://${ctx.serviceHost(TRINO_SERVICE)}:${TRINO_PORTS.http}`;
  const coordinatorMemory = trinoMemory(coordinator.resources.limits.memory);
  const workerMemory = trinoMemory(workers.resources.limits.memory);
  const base = { workers: workers.replicas, discoveryUri, shutdownGraceSeconds: own.shutdownGraceSeconds, spill };
  const coordinatorFiles: Record<string, string> = {
    'config.properties': configProperties({ ...base, role: 'coordinator', memory: coordinatorMemory, ...(https ? { https } : {}), ...(oauth2 ? { oauth2 } : {}) }),
    'jvm.config': jvmConfig(coordinatorMemory),
    'node.properties': nodeProperties(ctx),
    'log.properties': LOG_PROPERTIES,
    ...coordinatorAccessControl(ctx, realmLogin),
  };
  const access = workerAccessControl();
  const workerFiles: Record<string, string> = {
    'config.properties': configProperties({ ...base, role: 'worker', memory: workerMemory }),
    'jvm.config': jvmConfig(workerMemory),
    'node.properties': nodeProperties(ctx),
    'log.properties': LOG_PROPERTIES,
    'access-control.properties': access.properties,
    'rules.json': access.rules,
  };
  return { coordinator: coordinatorFiles, worker: workerFiles };
}

/** What both Trino pods share: image, trust store, secret env, volumes, mounts, ports. */
interface TrinoPod {
  readonly image: string;
  readonly trust: S3JvmTrust | undefined;
  readonly initContainers: Record<string, unknown>[];
  readonly secretEnv: { name: string; secret: string; key: string }[];
  readonly volumes: Record<string, unknown>[];
  readonly mounts: { name: string; mountPath: string; readOnly?: boolean }[];
  readonly ports: { name: string; containerPort: number }[];
  readonly checksums: (files: Record<string, string>) => Record<string, string>;
}

function trinoPod(ctx: BuildContext<TrinoOptions>, catalogs: TrinoCatalogs): TrinoPod {
  const image = ctx.image(TRINO_IMAGE, { main: true });
  // The JVM truststore also holds Keycloak's CA: the Iceberg REST catalog's OAuth2 token calls use
  // the JVM's default trust. The volume mounts the CA for `oauth2-jwk.http-client.trust-store-path`.
  const trust = ctx.objectStorage.jvmTrust({ namespace: ctx.namespace, consumer: 'trino', image, ...jvmKeycloakCa(ctx) });
  const initContainers = trust ? [trust.initContainer] : [];
  const secretEnv = [
    { name: TRINO_ENV.sharedSecret, secret: TRINO_SHARED_SECRET, key: 'shared-secret' },
    ...catalogs.env.map((e) => ({ name: e.name, secret: e.secret, key: e.key })),
  ];
  const volumes: Record<string, unknown>[] = [
    { name: 'catalogs', configMap: { name: 'trino-catalogs' } },
    { name: 'tmp', emptyDir: {} },
    ...catalogs.mounts.map((m, i) => ({ name: `secret-${i}`, secret: { secretName: m.secret } })),
    ...(trust?.volumes ?? []),
  ];
  const mounts = [
    { name: 'config', mountPath: '/etc/trino', readOnly: true },
    { name: 'catalogs', mountPath: '/etc/trino/catalog', readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
    { name: 'data', mountPath: TRINO_DATA_DIR },
    ...catalogs.mounts.map((m, i) => ({ name: `secret-${i}`, mountPath: m.path, readOnly: true })),
  ];
  const ports = [{ name: 'http', containerPort: TRINO_PORTS.http }];
  const checksums = (files: Record<string, string>) => ({ 'datalyptica.io/config-checksum': checksum(JSON.stringify([files, catalogs.files])) });
  return { image, trust, initContainers, secretEnv, volumes, mounts, ports, checksums };
}

/** The one coordinator (recreated, never rolled: two would briefly run). */
function coordinatorDeployment(ctx: BuildContext<TrinoOptions>, input: { plan: TrinoPlan; pod: TrinoPod; files: Record<string, string> }): DeclaredWorkload {
  const { coordinator, oauth2, https, tls } = input.plan;
  const { image, trust, initContainers, secretEnv, volumes, mounts, ports, checksums } = input.pod;
  const coordinatorFiles = input.files;
  const coordinatorWorkload = declaredDeployment(ctx, {
    name: TRINO_COORDINATOR,
    role: 'coordinator',
    replicas: 1,
    resources: coordinator.resources,
    podAnnotations: checksums(coordinatorFiles),
    pod: {
      serviceAccountName: TRINO_SERVICE,
      kubernetesUser: { runAsUser: TRINO_UID, fsGroup: TRINO_UID },
      terminationGracePeriodSeconds: 30,
      initContainers: [...initContainers, ...(tls?.initContainers ?? [])],
      containers: [
        withJvmTrust(container({
          name: 'trino',
          image,
          resources: coordinator.resources,
          ports: https ? [...ports, { name: 'https', containerPort: TRINO_PORTS.https }] : ports,
          secretEnv: oauth2 ? [...secretEnv, { name: TRINO_ENV.oauth2ClientSecret, secret: TRINO_OAUTH2_SECRET, key: 'client-secret' }] : secretEnv,
          probes: readiness(),
          volumeMounts: [...mounts, ...(tls?.mounts ?? [])],
        }), trust),
      ],
      volumes: [
        { name: 'config', configMap: { name: 'trino-coordinator-config' } },
        { name: 'data', emptyDir: {} },
        ...volumes,
        ...(tls?.volumes ?? []),
      ],
    },
  });
  // Exactly one coordinator, ever: a rolling update would briefly run two.
  const coordinatorSpec = coordinatorWorkload.object['spec'] as Record<string, unknown>;
  coordinatorSpec['strategy'] = { type: 'Recreate' };
  return coordinatorWorkload;
}

/** The workers: a StatefulSet with spill volumes, draining gracefully on the way down. */
function workerStatefulSet(ctx: BuildContext<TrinoOptions>, input: { plan: TrinoPlan; pod: TrinoPod; files: Record<string, string> }): DeclaredWorkload {
  const { own, workers, spill, maxWorkers } = input.plan;
  const { image, trust, initContainers, secretEnv, volumes, mounts, ports, checksums } = input.pod;
  const workerFiles = input.files;
  return declaredStatefulSet(ctx, {
    name: TRINO_WORKER,
    role: 'worker',
    replicas: workers.replicas,
    // The footprint counts the autoscaling maximum; a drain may take all but one worker of the minimum.
    maxReplicas: maxWorkers,
    resources: workers.resources,
    minAvailable: Math.max(workers.replicas - 1, 1),
    ...(spill ? { storage: [{ tier: 'fast' as const, size: workers.storage! }] } : {}),
    serviceName: TRINO_WORKER,
    podAnnotations: checksums(workerFiles),
    ...(spill ? { volumeClaims: [{ name: 'data', size: workers.storage!, storageClass: ctx.storageClass('fast') }] } : {}),
    pod: {
      serviceAccountName: TRINO_SERVICE,
      kubernetesUser: { runAsUser: TRINO_UID, fsGroup: TRINO_UID },
      antiAffinity: workers.replicas > 1 ? 'preferred' : 'none',
      // The worker drains for one grace period, waits for its tasks, then another grace period.
      terminationGracePeriodSeconds: own.shutdownGraceSeconds * 2 + 30,
      initContainers,
      containers: [
        withJvmTrust(container({
          name: 'trino',
          image,
          resources: workers.resources,
          ports,
          secretEnv,
          probes: readiness(),
          lifecycle: { preStop: { exec: { command: preStopCommand() } } },
          volumeMounts: mounts,
        }), trust),
      ],
      volumes: [{ name: 'config', configMap: { name: 'trino-worker-config' } }, ...(spill ? [] : [{ name: 'data', emptyDir: {} }]), ...volumes],
    },
  });
}

/** The coordinator and workers with their Services, from which the flows, PDB and footprint are derived. */
interface TrinoWorkloads {
  readonly coordinator: DeclaredWorkload;
  readonly workers: DeclaredWorkload;
  readonly coordinatorService: KubeObject;
  readonly workerService: KubeObject;
}

/** Every Trino object: ServiceAccount, config maps, Services, the two workloads and the autoscaler. */
function trinoObjects(ctx: BuildContext<TrinoOptions>, plan: TrinoPlan): { objects: KubeObject[]; workloads: TrinoWorkloads } {
  const { own, workers, maxWorkers, catalogs, https, tls } = plan;
  const files = trinoFiles(ctx, plan);
  const coordinatorFiles = files.coordinator;
  const workerFiles = files.worker;
  const pod = trinoPod(ctx, catalogs);
  const coordinatorWorkload = coordinatorDeployment(ctx, { plan, pod, files: coordinatorFiles });
  const workerWorkload = workerStatefulSet(ctx, { plan, pod, files: workerFiles });
  const coordinatorService = service(ctx, {
    name: TRINO_SERVICE,
    role: 'coordinator',
    ports: https
      ? [
          { name: 'http', port: TRINO_PORTS.http, targetPort: 'http' },
          { name: 'https', port: TRINO_PORTS.https, targetPort: 'https' },
        ]
      : [{ name: 'http', port: TRINO_PORTS.http, targetPort: 'http' }],
  });
  if (tls && Object.keys(tls.serviceAnnotations).length > 0) coordinatorService.metadata.annotations = { ...tls.serviceAnnotations };
  const workerService = service(ctx, { name: TRINO_WORKER, role: 'worker', headless: true, ports: [{ name: 'http', port: TRINO_PORTS.http, targetPort: 'http' }] });
  const objects: KubeObject[] = [
    ...(tls?.objects ?? []),
    serviceAccount(ctx, TRINO_SERVICE),
    configMap(ctx, 'trino-coordinator-config', coordinatorFiles, 'coordinator'),
    configMap(ctx, 'trino-worker-config', workerFiles, 'worker'),
    configMap(ctx, 'trino-catalogs', catalogs.files),
    coordinatorService,
    workerService,
    coordinatorWorkload.object,
    workerWorkload.object,
  ];
  if (own.autoscaling.enabled) {
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: TRINO_WORKER, namespace: ctx.namespace, labels: ctx.labels('worker') },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: TRINO_WORKER },
        minReplicas: workers.replicas,
        maxReplicas: maxWorkers,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: own.autoscaling.targetCPUUtilization } } }],
        // Scale down one worker at a time, slowly: each one drains through the graceful shutdown.
        behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: own.shutdownGraceSeconds * 2 + 60 }] } },
      },
    });
  }
  return { objects, workloads: { coordinator: coordinatorWorkload, workers: workerWorkload, coordinatorService, workerService } };
}

/** The shared secret, the catalogs' logins, the metrics user and the realm clients' secrets. */
function trinoSecrets(ctx: BuildContext<TrinoOptions>, plan: TrinoPlan, trust: S3JvmTrust | undefined): SecretRequirement[] {
  const { catalogs, oauth2, realmLogin } = plan;
  const secrets: SecretRequirement[] = [
    {
      name: TRINO_SHARED_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [{ key: 'shared-secret', kind: 'base64-key', length: 64 }],
      description: 'internal-communication.shared-secret: authenticates coordinator and workers to each other',
      consumers: ['trino'],
    },
    ...catalogs.secrets,
    ...(trust?.secrets ?? []),
  ];
  if (!oauth2) {
    secrets.push({
      name: TRINO_METRICS_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [
        { key: 'username', kind: 'username', value: 'prometheus' },
        // Deliberately empty: Trino's insecure authenticator refuses a password over HTTP.
        { key: 'password', kind: 'username', value: '' },
      ],
      description: 'user name Prometheus presents to Trino /metrics, with the empty password the ServiceMonitor must reference (Trino runs without password authentication)',
      consumers: ['trino'],
    });
  }
  if (realmLogin) {
    secrets.push(ssoClientSecret({
      name: TRINO_SERVICE_CLIENT_SECRET,
      namespace: ctx.namespace,
      clientId: TRINO_SERVICE_CLIENT,
      consumers: ['trino'],
      description: `secret of the realm client ${TRINO_SERVICE_CLIENT}: service users obtain Trino tokens with it (client credentials)`,
    }));
  }
  if (oauth2) {
    secrets.push(ssoClientSecret({
      name: TRINO_OAUTH2_SECRET,
      namespace: ctx.namespace,
      clientId: oauth2.clientId,
      consumers: ['trino'],
      description: `OAuth2 client secret of the realm client \`${oauth2.clientId}\` (the realm import reads the same value in the identity namespace)`,
    }));
  }
  return secrets;
}

/**
 * Clients and the router reach the coordinator through its Service; coordinator and workers reach
 * each other on the port the worker Service targets (the same `http` port on every Trino pod). With
 * HTTPS, clients and the router reach only 8443: 8080 serves the nodes' shared-secret requests
 * (OAuth2 refuses client requests there), so only Trino's own pods are admitted to it.
 */
function trinoFlows(ctx: BuildContext<TrinoOptions>, w: TrinoWorkloads, https: TrinoPlan['https']): Flow[] {
  return [
    ...flowsToService(w.coordinatorService, [
      // Whoever declares `consumes: [{ component: 'trino' }]` queries the coordinator's HTTP API.
      ...consumerSources(ctx.consumers, (c) => `${c} runs SQL through the Trino coordinator`),
      { from: { kind: 'ingress' }, description: 'the Trino UI and client API through the router' },
    ], { pods: w.coordinator.object, ports: [https ? 'https' : 'http'] }),
    {
      from: { kind: 'component', component: 'trino' },
      ports: servicePodPorts(w.workerService, { ports: ['http'], pods: w.workers.object }),
      description: 'workers announce to the coordinator; coordinator and workers exchange tasks and pages',
    },
  ];
}

function build(ctx: BuildContext<TrinoOptions>): ComponentBuild {
  const plan = planTrino(ctx);
  const { workers, catalogs, oauth2, realmLogin, https, tls } = plan;
  const { objects, workloads } = trinoObjects(ctx, plan);
  const scrapeClient = realmLogin && trinoOAuth2Metrics(ctx) !== undefined;
  // The Prometheus operator takes an OAuth2 client id only from a ConfigMap or Secret key.
  if (scrapeClient) objects.push(configMap(ctx, TRINO_METRICS_CLIENT_REF, { [TRINO_METRICS_CLIENT_ID_KEY]: TRINO_METRICS_CLIENT }, 'metrics'));
  const trust = ctx.objectStorage.jvmTrust({ namespace: ctx.namespace, consumer: 'trino', image: ctx.image(TRINO_IMAGE, { main: true }), ...jvmKeycloakCa(ctx) });
  const secrets = trinoSecrets(ctx, plan, trust);
  if (scrapeClient) {
    secrets.push(ssoClientSecret({
      name: TRINO_METRICS_CLIENT_REF,
      namespace: ctx.namespace,
      clientId: TRINO_METRICS_CLIENT,
      consumers: ['trino'],
      description: `secret of the realm client ${TRINO_METRICS_CLIENT}: Prometheus obtains the token it scrapes Trino /metrics with (ServiceMonitor oauth2)`,
    }));
  }
  const coordinatorSelector = ctx.selector('coordinator');
  const workerSelector = ctx.selector('worker');
  // Scraping needs a user: without OAuth2 a bare user name; with the realm and HTTPS a token of
  // `trino-metrics`; with an external issuer or without HTTPS nothing works, so there is no endpoint.
  const scrape = realmLogin ? trinoOAuth2Metrics(ctx) : undefined;
  const metrics = oauth2 ? (scrape ? [scrape] : []) : [trinoMetrics(ctx, TRINO_METRICS_SECRET)];
  // OAuth2 without HTTPS: 8080 refuses every client (allow-insecure-over-http=false), only the router's forwarded HTTPS logs in.
  const warnings = oauth2 && !https ? [TRINO_OAUTH2_WITHOUT_HTTPS] : [];

  return {
    ...emptyBuild(),
    objects,
    // With OAuth2 the catalogs fetch tokens from the realm at startup: Keycloak must be up first.
    dependsOn: [...(oauth2 || catalogs.ssoClients.length > 0 ? (['nessie', 'object-storage', 'keycloak'] as const) : (['nessie', 'object-storage'] as const)), ...(tls?.dependsOn ?? [])],
    flows: trinoFlows(ctx, workloads, https),
    metrics,
    alerts: trinoAlerts(ctx, metrics[0], TRINO_COORDINATOR),
    egress: ctx.objectStorage.consumerEgress('the Iceberg catalog reads and writes table files on S3'),
    secrets,
    exposures: [
      {
        host: 'trino',
        service: TRINO_SERVICE,
        namespace: ctx.namespace,
        port: https ? 'https' : 'http',
        kind: 'ui',
        description: 'Trino web UI and client API (JDBC, CLI, Python)',
        ...(https ? { backendTls: true } : {}),
        podSelector: coordinatorSelector,
        targetPort: https ? TRINO_PORTS.https : TRINO_PORTS.http,
        authentication: oauth2 ? 'oidc' : 'none',
      },
    ],
    ssoClients: [
      ...(realmLogin ? [trinoSsoClient(ctx, oauth2!.clientId), trinoServiceClient(ctx, oauth2!.clientId)] : []),
      ...(scrapeClient ? [trinoMetricsClient(ctx, oauth2!.clientId)] : []),
      ...catalogs.ssoClients,
    ],
    // The coordinator is one pod: a PDB could only block drains, so it has none (fast restart instead).
    disruption: [workloads.workers.disruption],
    readiness: { timeoutSeconds: 900 },
    checks: trinoChecks(ctx, { coordinatorSelector, workerSelector, workers: workers.replicas, realmLogin, nessieToken: catalogs.ssoClients.length > 0 }),
    // Requests and limits of the coordinator and of the workers at their autoscaling maximum.
    footprint: [workloads.coordinator.footprint, workloads.workers.footprint],
    warnings,
  };
}

export const trino: ComponentDefinition<TrinoOptions> = {
  name: 'trino',
  title: 'Trino (distributed SQL)',
  tier: 'query',
  layer: 'data',
  phase: 'query',
  version: TRINO_VERSION,
  enabledByDefault: true,
  options: trinoOptions,
  consumes: trinoConsumes,
  // The `postgresql` catalog's login.
  databases: [{ role: 'trino' }],
  build,
};
