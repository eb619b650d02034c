import type { Exposure } from '../../model/exposure.ts';
import type { MetricsEndpoint } from '../../model/metrics.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { flowsToService } from '../../platform/flows.ts';
import { checksum, configMap, httpProbes, service, serviceAccount, type DeclaredWorkload } from '../../platform/workload.ts';
import { postgresAccess } from '../postgres/access.ts';
import { authSecrets, ssoClients, webserverConfig, WEBSERVER_CONFIG_PATH, OIDC_SECRET, OIDC_SECRET_ENV, OIDC_SECRET_KEY, VALIDATE_SECRET } from './auth.ts';
import { airflowConnections, type AirflowConnections } from './connections.ts';
import { airflowTaskToken } from './task-token.ts';
import { cfgEnv, KEYS_SECRET, parallelism, POD_TEMPLATE_FILE, serverEnv, workerEnv } from './environment.ts';
import { migrateJob } from './migrate-job.ts';
import { airflowOptions, type AirflowOptions } from './options.ts';
import { SCRATCH_MOUNTS, SCRATCH_VOLUMES, usesGitSync, workerPodTemplate, workerResources } from './pods.ts';
import { jobCheckProbes, processDeployment, statsdDeployment, type ProcessShared } from './processes.ts';
import { podLauncherRbac, sparkSubmitRbac } from './rbac.ts';
import { API_SERVER_SIZING, API_WORKERS, DAG_PROCESSOR_SIZING, MIGRATE_RESOURCES, SCHEDULER_SIZING, TRIGGERER_SIZING } from './sizing.ts';
import { AIRFLOW_IMAGE, AIRFLOW_PORTS, AIRFLOW_SA, AIRFLOW_VERSION, API_SERVER, STATSD, WORKER_SA } from './versions.ts';
import { airflowConsumes } from './connections.ts';

export { AIRFLOW_IMAGE, AIRFLOW_PORTS, AIRFLOW_VERSION } from './versions.ts';

const CONFIG = 'airflow-config';
/** The long-running Airflow processes, one Deployment each. */
const PROCESSES = ['api-server', 'scheduler', 'dag-processor', 'triggerer'] as const;

/** A process's sizing: the profile's, then `components.airflow.<process>` overrides. */
function processSizing(ctx: BuildContext<AirflowOptions>, table: Parameters<BuildContext['sizingOf']>[0], own: AirflowOptions['scheduler']) {
  const base = ctx.sizingOf(table);
  const r = own.resources;
  return {
    replicas: own.replicas ?? base.replicas,
    resources: {
      requests: { cpu: r?.requests?.cpu ?? base.resources.requests.cpu, memory: r?.requests?.memory ?? base.resources.requests.memory },
      limits: { cpu: r?.limits?.cpu ?? base.resources.limits.cpu, memory: r?.limits?.memory ?? base.resources.limits.memory },
    },
  };
}

/** Every sized workload of the component. */
function sizes(ctx: BuildContext<AirflowOptions>) {
  const options = ctx.options();
  return {
    'api-server': ctx.sizing(API_SERVER_SIZING),
    scheduler: processSizing(ctx, SCHEDULER_SIZING, options.scheduler),
    'dag-processor': processSizing(ctx, DAG_PROCESSOR_SIZING, options.dagProcessor),
    triggerer: processSizing(ctx, TRIGGERER_SIZING, options.triggerer),
  } as const;
}

/** Volumes all Airflow pods share: scratch, the config files, the S3 CA, the connections' files. */
function sharedPods(ctx: BuildContext<AirflowOptions>, connections: AirflowConnections, config: string) {
  const trust = ctx.objectStorage.consumerTrust(ctx.namespace, 'airflow');
  // Keycloak's CA for the HTTPS backchannel: the api-server's login and the task pods' token init.
  const sso = ctx.sso.enabled ? ctx.sso.trust : undefined;
  const volumes = [...SCRATCH_VOLUMES, { name: 'config', configMap: { name: CONFIG } }, ...(trust ? [trust.volume] : []), ...(sso ? [sso.volume] : []), ...connections.volumes];
  const mounts = [
    ...SCRATCH_MOUNTS,
    { name: 'config', mountPath: WEBSERVER_CONFIG_PATH, subPath: 'webserver_config.py', readOnly: true },
    { name: 'config', mountPath: POD_TEMPLATE_FILE, subPath: 'pod_template_file.yaml', readOnly: true },
    ...(trust ? [trust.volumeMount] : []),
    ...(sso ? [sso.volumeMount] : []),
    ...connections.mounts,
  ];
  return { volumes, mounts, trustSecrets: [...(trust?.secrets ?? []), ...(sso?.secrets ?? [])], checksum: checksum(config) };
}

/**
 * The SSO client secret for the api-server's OAuth calls. authlib reaches the realm over the
 * in-cluster backchannel (`ctx.sso.internalIssuer`) and trusts Keycloak's CA through the
 * provider's `verify` (not REQUESTS_CA_BUNDLE, which would replace the image's public CAs).
 */
function apiServerAuth(ctx: BuildContext<AirflowOptions>): { extraSecretEnv?: { name: string; secret: string; key: string }[]; extraEnv?: { name: string; value: string }[] } {
  if (!ctx.sso.enabled) return {};
  return { extraSecretEnv: [{ name: OIDC_SECRET_ENV, secret: OIDC_SECRET, key: OIDC_SECRET_KEY }] };
}

/** The api-server's own settings next to the SSO ones. */
function withApiWorkers(ctx: BuildContext<AirflowOptions>, auth: ReturnType<typeof apiServerAuth>) {
  return {
    ...auth,
    extraEnv: [
      cfgEnv('api', 'workers', API_WORKERS[ctx.profile]),
      // TLS ends at the router: trust its X-Forwarded-Proto/Host so redirects and the OAuth
      // callback are https://airflow.<domain> (only the router and Airflow's own pods reach 8080).
      cfgEnv('fab', 'enable_proxy_fix', true),
      { name: 'FORWARDED_ALLOW_IPS', value: '*' },
      ...(auth.extraEnv ?? []),
    ],
  };
}

/** The long-running processes (with their footprints and disruption entries) and the StatsD exporter. */
function workloads(ctx: BuildContext<AirflowOptions>, shared: ProcessShared): Record<(typeof PROCESSES)[number] | 'statsd', DeclaredWorkload> {
  const size = sizes(ctx);
  return {
    'api-server': processDeployment(ctx, shared, {
      role: 'api-server',
      ...size['api-server'],
      ports: [{ name: 'http', containerPort: AIRFLOW_PORTS.api }],
      probes: httpProbes({ path: '/api/v2/monitor/health', port: 'http' }, { startupSeconds: 300 }),
      apiAccess: true,
      ...withApiWorkers(ctx, apiServerAuth(ctx)),
    }),
    scheduler: processDeployment(ctx, shared, {
      role: 'scheduler',
      ...size.scheduler,
      ports: [{ name: 'health', containerPort: AIRFLOW_PORTS.schedulerHealth }],
      probes: httpProbes({ path: '/health', port: 'health' }, { startupSeconds: 300 }),
      apiAccess: true,
    }),
    'dag-processor': processDeployment(ctx, shared, { role: 'dag-processor', ...size['dag-processor'], probes: jobCheckProbes('DagProcessorJob'), dags: true }),
    triggerer: processDeployment(ctx, shared, {
      role: 'triggerer',
      ...size.triggerer,
      ports: [{ name: 'triggerer-logs', containerPort: AIRFLOW_PORTS.triggererLogs }],
      probes: jobCheckProbes('TriggererJob'),
      dags: true,
      // Running triggers are handed to another triggerer on exit; give them time to stop cleanly.
      terminationGracePeriodSeconds: 60,
    }),
    statsd: statsdDeployment(ctx),
  };
}

/** The Services Airflow's own pods and the router reach. */
function services(ctx: BuildContext<AirflowOptions>): { api: KubeObject; statsd: KubeObject } {
  return {
    api: service(ctx, { name: API_SERVER, role: 'api-server', ports: [{ name: 'http', port: AIRFLOW_PORTS.api, targetPort: 'http' }] }),
    statsd: service(ctx, {
      name: STATSD,
      role: 'statsd',
      ports: [
        { name: 'statsd', port: AIRFLOW_PORTS.statsdIngest, targetPort: 'statsd', protocol: 'UDP' },
        { name: 'metrics', port: AIRFLOW_PORTS.statsdMetrics, targetPort: 'metrics' },
      ],
    }),
  };
}

/**
 * Into the api-server and StatsD through their Services; the api-server reads logs straight from
 * task and triggerer pods, which no Service fronts (the ports their containers serve logs on).
 */
function flows(ctx: BuildContext<AirflowOptions>, svc: ReturnType<typeof services>, pods: ReturnType<typeof workloads>): Flow[] {
  const self = { kind: 'component' as const, component: 'airflow' as const };
  return [
    ...flowsToService(svc.api, [
      { from: { kind: 'ingress' }, description: 'the Airflow UI and REST API through the router' },
      { from: self, description: 'task pods report state and fetch connections through the execution API' },
    ], { pods: pods['api-server'].object }),
    { from: self, toSelector: ctx.selector('worker'), ports: [{ port: AIRFLOW_PORTS.workerLogs, name: 'worker-logs' }], description: 'the api-server reads a running task\'s log from its pod' },
    { from: self, toSelector: ctx.selector('triggerer'), ports: [{ port: AIRFLOW_PORTS.triggererLogs, name: 'triggerer-logs' }], description: 'the api-server reads running triggers\' logs' },
    ...flowsToService(svc.statsd, [{ from: self, description: 'every Airflow process sends StatsD metrics' }], { ports: ['statsd'], pods: pods.statsd.object }),
  ];
}

function egress(ctx: BuildContext<AirflowOptions>, spark: boolean): Egress[] {
  const options = ctx.options();
  const api = [{ port: 443, name: 'https' }, { port: 6443, name: 'https-alt' }];
  const out: Egress[] = [
    { to: { kind: 'apiserver' }, fromSelector: ctx.selector('scheduler'), ports: api, description: 'the KubernetesExecutor launches, watches and deletes task pods' },
    { to: { kind: 'apiserver' }, fromSelector: ctx.selector('api-server'), ports: api, description: 'the api-server reads task pods\' logs' },
    ...ctx.objectStorage.consumerEgress('task logs to and from the apps bucket'),
  ];
  if (spark) out.push({ to: { kind: 'apiserver' }, fromSelector: ctx.selector('worker'), ports: api, description: 'tasks submit SparkApplications and follow their drivers' });
  if (usesGitSync(options)) out.push({ to: { kind: 'internet' }, ports: [{ port: 443, name: 'https' }], description: 'git-sync pulls the DAG repository' });
  return out;
}

function secrets(ctx: BuildContext<AirflowOptions>, connections: AirflowConnections, trust: readonly SecretRequirement[]): SecretRequirement[] {
  const git = ctx.options().dags.gitSync;
  return [
    {
      name: KEYS_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [
        // Fernet wants 32 bytes in URL-safe base64; Python's urlsafe_b64decode also reads the standard alphabet.
        { key: 'fernet-key', kind: 'base64-key', length: 32 },
        { key: 'api-secret-key', kind: 'token', length: 40 },
        { key: 'jwt-secret', kind: 'token', length: 48 },
      ],
      description: 'Airflow fernet key (encrypts connections and variables), api-server session key and JWT signing secret',
      consumers: ['airflow'],
    },
    ctx.objectStorage.consumerSecret(ctx.namespace, 'airflow', 'apps'),
    ...trust,
    ...connections.secrets,
    ...authSecrets(ctx),
    ...(git.repository !== undefined && git.credentialsSecret !== undefined
      ? [{ name: git.credentialsSecret, namespace: ctx.namespace, source: 'external' as const, keys: [{ key: 'username', kind: 'username' as const }, { key: 'password', kind: 'token' as const }], description: `credentials of the DAG repository ${git.repository}`, consumers: ['airflow' as const] }]
      : []),
  ];
}

function checks(ctx: BuildContext<AirflowOptions>): LiveCheck[] {
  const size = sizes(ctx);
  const db = postgresAccess(ctx, 'airflow');
  const [poolerService = '', poolerNamespace = ''] = db.host.split('.');
  const secretRef = (key: string) => ({ namespace: ctx.namespace, name: db.secretName, key });
  return [
    ...(['api-server', 'scheduler', 'dag-processor', 'triggerer'] as const).map((role): LiveCheck => ({
      id: `airflow.pods.${role}`,
      group: 'services',
      title: `Airflow ${role} pods are ready`,
      probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector(role), min: size[role].replicas },
    })),
    {
      id: 'airflow.health',
      group: 'services',
      title: 'Airflow reports its metadatabase, scheduler, triggerer and dag-processor healthy',
      probe: { type: 'http', endpoint: { namespace: ctx.namespace, service: API_SERVER, port: AIRFLOW_PORTS.api }, path: '/api/v2/monitor/health', expectBody: 'healthy' },
    },
    {
      id: 'airflow.api',
      group: 'data',
      title: 'Airflow\'s REST API issues a token to its validate user and lists DAGs from the metadata database',
      probe: {
        type: 'airflow-api',
        endpoint: { namespace: ctx.namespace, service: API_SERVER, port: AIRFLOW_PORTS.api },
        username: { namespace: ctx.namespace, name: VALIDATE_SECRET, key: 'username' },
        password: { namespace: ctx.namespace, name: VALIDATE_SECRET, key: 'password' },
      },
      timeoutSeconds: 60,
    },
    {
      id: 'airflow.metadata-db',
      group: 'connectivity',
      title: 'Airflow\'s metadata database is migrated (alembic_version through the pooler as the airflow login)',
      probe: {
        type: 'postgres',
        endpoint: { namespace: poolerNamespace, service: poolerService, port: db.port },
        database: db.database,
        user: secretRef(db.userKey),
        password: secretRef(db.passwordKey),
        sql: 'select version_num from alembic_version',
      },
    },
  ];
}

function footprint(ctx: BuildContext<AirflowOptions>, pods: ReturnType<typeof workloads>): PodFootprint[] {
  const ns = ctx.namespace;
  return [
    ...[...PROCESSES, 'statsd' as const].map((part) => pods[part].footprint),
    { name: 'airflow-db-migrate', namespace: ns, replicas: 1, resources: MIGRATE_RESOURCES },
    // At most `parallelism` task pods run at once.
    { name: 'airflow-task', namespace: ns, replicas: parallelism(ctx), resources: workerResources(ctx) },
  ];
}

/**
 * The reference image ships the amazon, cncf.kubernetes and fab providers the platform wiring
 * needs, but not the Trino or Kafka providers the pre-declared connections are for.
 * @see https://airflow.apache.org/docs/docker-stack/index.html
 */
const CONNECTION_PROVIDERS: Readonly<Record<string, string>> = {
  trino_default: 'apache-airflow-providers-trino',
  kafka_default: 'apache-airflow-providers-apache-kafka',
};

function providerWarnings(options: AirflowOptions, connections: AirflowConnections): string[] {
  if (options.image !== undefined) return [];
  const missing = connections.ids.map((id) => CONNECTION_PROVIDERS[id]).filter((p): p is string => p !== undefined);
  if (missing.length === 0) return [];
  return [`the stock ${AIRFLOW_IMAGE} image lacks ${missing.join(' and ')}: tasks cannot use ${connections.ids.filter((id) => CONNECTION_PROVIDERS[id]).join(', ')} until components.airflow.image names an image built FROM it with those providers (pip install with Airflow's constraints file)`];
}

/** The api-server behind the router: UI and REST API, with the realm's login or Airflow's own. */
function exposure(ctx: BuildContext<AirflowOptions>): Exposure {
  return {
    host: 'airflow',
    service: API_SERVER,
    namespace: ctx.namespace,
    port: 'http',
    kind: 'ui',
    description: 'Airflow UI and REST API v2',
    podSelector: ctx.selector('api-server'),
    targetPort: AIRFLOW_PORTS.api,
    authentication: ctx.sso.enabled ? 'oidc' : 'password',
  };
}

/** The StatsD exporter's Prometheus endpoint (`airflow_*`). */
function statsdMetrics(ctx: BuildContext<AirflowOptions>): MetricsEndpoint {
  return {
    name: STATSD,
    namespace: ctx.namespace,
    via: 'service',
    selector: ctx.selector('statsd'),
    port: 'metrics',
    targetPort: AIRFLOW_PORTS.statsdMetrics,
    metrics: ['airflow_*'],
  };
}

function build(ctx: BuildContext<AirflowOptions>): ComponentBuild {
  const options = ctx.options();
  const image = ctx.image(AIRFLOW_IMAGE, { main: true });
  const connections = airflowConnections(ctx);
  const spark = connections.ids.includes('spark_kubernetes');
  const webserver = webserverConfig(ctx);
  // The pod template's own mounts are the shared ones; its checksum is folded in below.
  const draft = sharedPods(ctx, connections, webserver);
  const token = airflowTaskToken(ctx, image);
  const taskEnv = workerEnv(ctx, connections.ids);
  const template = workerPodTemplate(ctx, image, token ? { ...taskEnv, env: [...taskEnv.env, ...token.env] } : taskEnv, {
    volumes: [...draft.volumes.slice(SCRATCH_VOLUMES.length), ...(token ? [token.volume] : [])],
    mounts: [...draft.mounts.slice(SCRATCH_MOUNTS.length), ...(token ? [token.mount] : [])],
    apiAccess: spark,
    initContainers: token ? [token.initContainer] : [],
  });
  const data = { 'webserver_config.py': webserver, 'pod_template_file.yaml': template };
  const shared: ProcessShared = { image, env: serverEnv(ctx, connections.ids), volumes: draft.volumes, mounts: draft.mounts, checksum: checksum(webserver + template) };
  const pods = workloads(ctx, shared);
  const svc = services(ctx);
  const objects: KubeObject[] = [
    serviceAccount(ctx, AIRFLOW_SA),
    serviceAccount(ctx, WORKER_SA, { role: 'worker', automount: spark }),
    ...podLauncherRbac(ctx),
    ...(spark ? sparkSubmitRbac(ctx) : []),
    configMap(ctx, CONFIG, data),
    svc.api,
    svc.statsd,
    ...[...PROCESSES, 'statsd' as const].map((part) => pods[part].object),
    migrateJob(ctx, shared),
  ];
  const warnings = [...(options.loadExamples ? ['components.airflow.loadExamples is on: Airflow\'s example DAGs are visible to every user'] : []), ...providerWarnings(options, connections)];
  return {
    ...emptyBuild(),
    objects,
    dependsOn: ['postgres', 'object-storage'],
    flows: flows(ctx, svc, pods),
    egress: egress(ctx, spark),
    secrets: [...secrets(ctx, connections, draft.trustSecrets), ...(token ? [token.secret] : [])],
    exposures: [exposure(ctx)],
    // The StatsD exporter is one pod whose loss only gaps the metrics.
    disruption: PROCESSES.map((role) => pods[role].disruption),
    // The migration Job, then four Python processes that each wait for it and start slowly.
    readiness: { timeoutSeconds: 900 },
    checks: checks(ctx),
    footprint: footprint(ctx, pods),
    ssoClients: [...ssoClients(ctx), ...(token ? [token.client] : [])],
    metrics: [statsdMetrics(ctx)],
    warnings,
  };
}

/** Apache Airflow 3 with the KubernetesExecutor, rendered natively (the official chart's settings as reference). */
export const airflow: ComponentDefinition<AirflowOptions> = {
  name: 'airflow',
  title: 'Apache Airflow (orchestration)',
  tier: 'analytics',
  layer: 'data',
  phase: 'analytics',
  version: AIRFLOW_VERSION,
  enabledByDefault: true,
  options: airflowOptions,
  consumes: airflowConsumes,
  databases: [{ role: 'airflow' }],
  build,
};
