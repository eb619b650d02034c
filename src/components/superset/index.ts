import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { applySizingOverrides } from '../../platform/sizing.ts';
import { flowsToService } from '../../platform/flows.ts';
import { generatedLogin } from '../../platform/generated-login.ts';
import { checksum, configMap, service, serviceAccount, type DeclaredWorkload } from '../../platform/workload.ts';
import { clickhouseService } from '../clickhouse/index.ts';
import { postgresAccess } from '../postgres/access.ts';
import { redisAccess } from '../redis/access.ts';
import { DATABASE_OAUTH2_PATH, supersetTrinoAccess } from './trino-access.ts';
import { SUPERSET_ENV, SUPERSET_ROLE_MAPPING, supersetConfig } from './config.ts';
import { supersetBuildObjects, supersetImage } from './image.ts';
import { openshiftBuildEgress } from '../../platform/builds.ts';
import { initJob, type RegisteredDatabase } from './init-job.ts';
import { supersetOptions, type SupersetOptions } from './options.ts';
import { SUPERSET_BEAT_SIZING, SUPERSET_INIT_SIZING, SUPERSET_WEB_SIZING, SUPERSET_WORKER_SIZING } from './sizing.ts';
import { SUPERSET_PORT, SUPERSET_VERSION } from './versions.ts';
import { SUPERSET_VALIDATE_ROLES, SUPERSET_VALIDATE_SECRET, supersetDataPathChecks, supersetValidateSecret } from './data-path.ts';
import { beatCommand, beatProbes, supersetDeployment, webCommand, webProbes, workerCommand, workerProbes, type SupersetPodBase } from './workloads.ts';

export const SUPERSET_SERVICE = 'superset';
export const SUPERSET_SECRET_KEY = 'superset-secret-key';
export const SUPERSET_ADMIN_SECRET = 'superset-admin';
/** The realm client Superset logs users in with. */
export const SUPERSET_CLIENT_ID = 'superset';
/** The realm client's secret in Superset's namespace (key `client-secret`). */
export const SUPERSET_OIDC_SECRET = 'superset-oidc';
/** Superset's ClickHouse login; the ClickHouse installation declares user `superset` from the same value group. */
export const SUPERSET_CLICKHOUSE_SECRET = 'superset-clickhouse';
export const SUPERSET_CLICKHOUSE_VALUE_GROUP = 'clickhouse-user-superset';
const CONFIG_DIR = '/etc/superset';
const CLICKHOUSE_HTTP_PORT = 8123;

/** The databases the init Job registers: Trino (trusted user name, no password) and ClickHouse. */
function registeredDatabases(ctx: BuildContext<SupersetOptions>): RegisteredDatabase[] {
  const options = ctx.options();
  if (!options.registerDatabases) return [];
  const out: RegisteredDatabase[] = [];
  if (ctx.isEnabled('trino')) out.push(supersetTrinoAccess(ctx).database);
  if (ctx.isEnabled('clickhouse')) {
    const host = ctx.serviceHost(clickhouseService(ctx), ctx.namespaceOf('clickhouse'));
    out.push({ name: 'ClickHouse', uri: `clickhousedb://superset:$CLICKHOUSE_PASSWORD@${host}:${CLICKHOUSE_HTTP_PORT}/default` });
  }
  return out;
}

function secretsOf(ctx: BuildContext<SupersetOptions>, clickhouse: boolean): SecretRequirement[] {
  const secrets: SecretRequirement[] = [
    {
      name: SUPERSET_SECRET_KEY,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [{ key: 'secret-key', kind: 'base64-key', length: 42 }],
      description: 'SECRET_KEY: signs session cookies and encrypts the database passwords Superset stores',
      consumers: ['superset'],
    },
  ];
  if (ctx.sso.enabled) {
    secrets.push(ssoClientSecret({
      name: SUPERSET_OIDC_SECRET,
      namespace: ctx.namespace,
      clientId: SUPERSET_CLIENT_ID,
      consumers: ['superset'],
      description: `client secret of the realm client \`${SUPERSET_CLIENT_ID}\` (the realm import reads the same value in the identity namespace)`,
    }), supersetValidateSecret(ctx));
  } else {
    secrets.push({
      name: SUPERSET_ADMIN_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [
        { key: 'username', kind: 'username', value: 'admin' },
        { key: 'password', kind: 'password', length: 24 },
      ],
      description: 'Superset\'s own admin login (created by the init Job while the identity tier is off)',
      consumers: ['superset'],
    });
  }
  if (clickhouse) {
    secrets.push({
      ...generatedLogin({
        name: SUPERSET_CLICKHOUSE_SECRET,
        namespace: ctx.namespace,
        username: 'superset',
        description: 'ClickHouse user `superset` for the pre-registered ClickHouse database (value group shared with the ClickHouse installation)',
        consumers: ['superset'],
      }),
      valueGroup: SUPERSET_CLICKHOUSE_VALUE_GROUP,
    });
  }
  return secrets;
}

function ssoClient(ctx: BuildContext<SupersetOptions>): SsoClient {
  const base = `https://${ctx.host('superset')}`;
  const trinoOAuth2 = ctx.isEnabled('trino') && supersetTrinoAccess(ctx).perUserOAuth2;
  return {
    clientId: SUPERSET_CLIENT_ID,
    component: 'superset',
    type: 'confidential',
    description: 'Superset web login (Flask-AppBuilder OAuth, provider keycloak)',
    redirectUris: [`${base}/oauth-authorized/keycloak`, ...(trinoOAuth2 ? [`${base}${DATABASE_OAUTH2_PATH}`] : [])],
    postLogoutRedirectUris: [`${base}/`],
    secret: { name: SUPERSET_OIDC_SECRET, namespace: ctx.namespace },
    // Client roles named like Superset's roles; superset_config.py maps the same groups to them.
    roleMapping: SUPERSET_ROLE_MAPPING,
    // Users' database tokens (database OAuth2) are presented to Trino.
    ...(trinoOAuth2 ? { audiences: ['trino'] } : {}),
  };
}

function podBase(ctx: BuildContext<SupersetOptions>, image: string, config: string, clickhouse: boolean): SupersetPodBase {
  const trino = ctx.isEnabled('trino') ? supersetTrinoAccess(ctx) : undefined;
  const db = postgresAccess(ctx, 'superset');
  const redis = redisAccess(ctx);
  const ssoTrust = ctx.sso.enabled ? ctx.sso.trust : undefined;
  const secretEnv = [
    { name: SUPERSET_ENV.secretKey, secret: SUPERSET_SECRET_KEY, key: 'secret-key' },
    { name: SUPERSET_ENV.dbUser, secret: db.secretName, key: db.userKey },
    { name: SUPERSET_ENV.dbPassword, secret: db.secretName, key: db.passwordKey },
    { name: SUPERSET_ENV.redisPassword, secret: redis.secretName, key: redis.passwordKey },
    ...(ctx.sso.enabled ? [{ name: SUPERSET_ENV.oidcClientSecret, secret: SUPERSET_OIDC_SECRET, key: SSO_CLIENT_SECRET_KEY }] : []),
    ...(clickhouse ? [{ name: 'CLICKHOUSE_PASSWORD', secret: SUPERSET_CLICKHOUSE_SECRET, key: 'password' }] : []),
  ];
  return {
    image,
    serviceAccount: SUPERSET_SERVICE,
    env: [
      { name: 'SUPERSET_CONFIG_PATH', value: `${CONFIG_DIR}/superset_config.py` },
      { name: 'SUPERSET_HOME', value: '/app/superset_home' },
      { name: 'HOME', value: '/app/superset_home' },
    ],
    secretEnv,
    volumes: [
      { name: 'config', configMap: { name: 'superset-config' } },
      { name: 'home', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
      ...(trino?.volumes ?? []),
      ...(ssoTrust ? [ssoTrust.volume] : []),
    ],
    volumeMounts: [
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'home', mountPath: '/app/superset_home' },
      { name: 'tmp', mountPath: '/tmp' },
      ...(trino?.mounts ?? []),
      ...(ssoTrust ? [ssoTrust.volumeMount] : []),
    ],
    podAnnotations: { 'datalyptica.io/config-checksum': checksum(config) },
  };
}

function build(ctx: BuildContext<SupersetOptions>): ComponentBuild {
  const options = ctx.options();
  const web = ctx.sizing(SUPERSET_WEB_SIZING);
  const worker = applySizingOverrides(ctx.sizingOf(SUPERSET_WORKER_SIZING), options.worker);
  const beat = ctx.sizingOf(SUPERSET_BEAT_SIZING);
  const init = ctx.sizingOf(SUPERSET_INIT_SIZING);
  const db = postgresAccess(ctx, 'superset');
  const redis = redisAccess(ctx);
  const databases = registeredDatabases(ctx);
  const clickhouse = databases.some((d) => d.name === 'ClickHouse');
  const sso = ctx.sso.enabled ? { issuer: ctx.sso.issuer, internalIssuer: ctx.sso.internalIssuer, clientId: SUPERSET_CLIENT_ID, ...(ctx.sso.trust ? { caFile: ctx.sso.trust.caFile } : {}) } : undefined;
  const trino = ctx.isEnabled('trino') ? supersetTrinoAccess(ctx) : undefined;
  const config = supersetConfig({
    ...(trino?.perUserOAuth2 ? { trinoOAuth2: { redirectUri: `https://${ctx.host('superset')}${DATABASE_OAUTH2_PATH}` } } : {}),
    database: { host: db.host, port: db.port, name: db.database },
    redis: { host: redis.host, port: redis.port },
    featureFlags: options.featureFlags,
    cacheTimeoutSeconds: options.cacheTimeoutSeconds,
    ...(sso ? { sso } : {}),
  });
  const source = supersetImage(ctx);
  const base = podBase(ctx, source.image, config, clickhouse);
  const ports = [{ name: 'http', containerPort: SUPERSET_PORT }];
  const workloads = {
    web: supersetDeployment(ctx, base, { role: 'web', replicas: web.replicas, resources: web.resources, command: webCommand(options), probes: webProbes(), ports }),
    worker: supersetDeployment(ctx, base, { role: 'worker', replicas: worker.replicas, resources: worker.resources, command: workerCommand(options), probes: workerProbes() }),
    beat: supersetDeployment(ctx, base, { role: 'beat', replicas: 1, resources: beat.resources, command: beatCommand(), probes: beatProbes() }),
  };
  // Exactly one scheduler, ever: a rolling update would briefly run two and fire schedules twice.
  (workloads.beat.object['spec'] as Record<string, unknown>)['strategy'] = { type: 'Recreate' };
  const api = service(ctx, { name: SUPERSET_SERVICE, role: 'web', ports: [{ name: 'http', port: SUPERSET_PORT, targetPort: 'http' }] });
  const admin = sso ? undefined : { userEnv: 'SUPERSET_ADMIN_USER', passwordEnv: 'SUPERSET_ADMIN_PASSWORD', email: `admin@${ctx.host('superset')}` };
  const serviceUser = sso ? { userEnv: SUPERSET_ENV.validateUser, passwordEnv: SUPERSET_ENV.validatePassword, email: `validate@${ctx.host('superset')}`, roles: SUPERSET_VALIDATE_ROLES } : undefined;
  const login = admin ?? serviceUser!;
  const loginSecret = admin ? SUPERSET_ADMIN_SECRET : SUPERSET_VALIDATE_SECRET;
  // Only the init Job holds the login's password; the probe reads it from the Secret.
  const adminEnv = [
    { name: login.userEnv, secret: loginSecret, key: 'username' },
    { name: login.passwordEnv, secret: loginSecret, key: 'password' },
  ];

  const objects: KubeObject[] = [
    serviceAccount(ctx, SUPERSET_SERVICE),
    configMap(ctx, 'superset-config', { 'superset_config.py': config }),
    api,
    initJob(ctx, { ...base, serviceAccount: SUPERSET_SERVICE, resources: init.resources, secretEnv: [...base.secretEnv, ...adminEnv], databases, ...(admin ? { admin } : {}), ...(serviceUser ? { serviceUser } : {}) }),
    workloads.web.object,
    workloads.worker.object,
    workloads.beat.object,
    ...(source.kind === 'build' ? supersetBuildObjects(ctx, source) : []),
  ];
  return {
    ...emptyBuild(),
    objects,
    ...declarations(ctx, databases.map((d) => d.name), workloads, api),
    // The in-cluster image build's own connections (Superset's pods reach their peers through flows).
    egress: source.kind === 'build' ? openshiftBuildEgress('Superset (drivers from PyPI)') : [],
    secrets: [...secretsOf(ctx, clickhouse), ...(trino?.secrets ?? []), ...(ctx.sso.enabled ? (ctx.sso.trust?.secrets ?? []) : [])],
    ...(ctx.sso.enabled ? { ssoClients: [ssoClient(ctx)] } : {}),
    warnings: warningsOf(ctx, source.kind),
  };
}

function warningsOf(ctx: BuildContext<SupersetOptions>, source: 'image' | 'build' | 'stock'): string[] {
  const out: string[] = [];
  if (source === 'stock') {
    out.push(
      `Superset runs the stock ${SUPERSET_VERSION} image, which ships no PostgreSQL, Trino or ClickHouse driver: set components.superset.image to an image built FROM it with ${'psycopg2-binary, trino[sqlalchemy] and clickhouse-connect'} (see docs/components/superset.md)`,
    );
  }
  if (!ctx.isEnabled('redis')) out.push('Superset needs the platform Redis (Celery broker, caches, SQL Lab results): enable components.redis');
  return out;
}

/**
 * The data path through the metadata database, as Superset's own login: the init Job migrated it
 * and registered every platform database. `1 / count(*)` divides by zero, so the check fails when a
 * registration is missing.
 */
function metadataChecks(ctx: BuildContext<SupersetOptions>, registered: readonly string[]): LiveCheck[] {
  const db = postgresAccess(ctx, 'superset');
  const [service = '', namespace = ''] = db.host.split('.');
  const ref = (key: string) => ({ namespace: ctx.namespace, name: db.secretName, key });
  const probe = (sql: string) => ({ type: 'postgres' as const, endpoint: { namespace, service, port: db.port }, database: db.database, user: ref(db.userKey), password: ref(db.passwordKey), sql });
  return [
    { id: 'superset.metadata-db', group: 'connectivity', title: 'Superset\'s metadata database is migrated (alembic_version as the superset login)', probe: probe('select version_num from alembic_version') },
    ...registered.map((name) => ({
      id: `superset.database.${name.toLowerCase()}`,
      group: 'connectivity' as const,
      title: `Superset has the ${name} database registered`,
      probe: probe(`select 1 / count(*) from dbs where database_name = '${name}'`),
    })),
  ];
}

function declarations(ctx: BuildContext<SupersetOptions>, registered: readonly string[], workloads: Record<'web' | 'worker' | 'beat', DeclaredWorkload>, api: KubeObject): Pick<ComponentBuild, 'dependsOn' | 'flows' | 'exposures' | 'disruption' | 'readiness' | 'checks' | 'footprint'> {
  const replicas = { web: workloads.web.footprint.replicas, worker: workloads.worker.footprint.replicas };
  const webSelector = ctx.selector('web');
  const endpoint = { namespace: ctx.namespace, service: SUPERSET_SERVICE, port: SUPERSET_PORT };
  return {
    // The metadata database and the broker must answer before the init Job can migrate.
    dependsOn: ['postgres', 'redis'],
    flows: flowsToService(api, [{ from: { kind: 'ingress' }, description: 'the Superset UI and REST API through the router' }], { pods: workloads.web.object }),
    exposures: [
      {
        host: 'superset',
        service: SUPERSET_SERVICE,
        namespace: ctx.namespace,
        port: 'http',
        kind: 'ui',
        description: 'Superset dashboards, SQL Lab and REST API',
        podSelector: webSelector,
        targetPort: SUPERSET_PORT,
        authentication: ctx.sso.enabled ? 'oidc' : 'password',
      },
    ],
    // Beat runs once, ever (Recreate): nothing to keep available through a drain.
    disruption: [workloads.web.disruption, workloads.worker.disruption],
    // On OpenShift the first rollout waits for the in-cluster image build (minutes).
    readiness: { timeoutSeconds: 1200 },
    checks: [
      { id: 'superset.web', group: 'management', title: 'Superset web pods are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: webSelector, min: replicas.web } },
      { id: 'superset.worker', group: 'management', title: 'Superset Celery workers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector('worker'), min: replicas.worker } },
      { id: 'superset.health', group: 'connectivity', title: 'Superset answers /health', probe: { type: 'http', endpoint, path: '/health', expectBody: 'OK' } },
      ...metadataChecks(ctx, registered),
      ...supersetDataPathChecks(ctx, { registered, endpoint, adminSecret: SUPERSET_ADMIN_SECRET, trinoPerUserOAuth2: ctx.isEnabled('trino') && supersetTrinoAccess(ctx).perUserOAuth2 }),
    ],
    footprint: [workloads.web.footprint, workloads.worker.footprint, workloads.beat.footprint],
  };
}

/** Apache Superset: BI on the lakehouse (Trino) and ClickHouse, metadata on the platform PostgreSQL. */
export const superset: ComponentDefinition<SupersetOptions> = {
  name: 'superset',
  title: 'Apache Superset (BI)',
  tier: 'analytics',
  layer: 'data',
  phase: 'analytics',
  version: SUPERSET_VERSION,
  enabledByDefault: true,
  options: supersetOptions,
  // SQL through Trino and ClickHouse; Redis as Celery broker, caches and SQL Lab results.
  consumes: () => [{ component: 'trino' }, { component: 'clickhouse' }, { component: 'redis' }],
  databases: [{ role: 'superset' }],
  build,
};
