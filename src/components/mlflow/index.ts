import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_SPEC, ssoClientValueGroup, type SsoClient } from '../../model/sso.ts';
import { container, declaredDeployment, service, serviceAccount, type ProbeSet } from '../../platform/workload.ts';
import { postgresAccess } from '../postgres/access.ts';
import {
  AUTH_CONFIG,
  AUTH_ENV,
  MLFLOW_ADMIN_SECRET,
  MLFLOW_COOKIE_SECRET,
  MLFLOW_FLASK_SECRET,
  MLFLOW_OIDC_SECRET,
  OAUTH2_PROXY_IMAGE,
  authConfigScript,
  MLFLOW_CLIENT_ID,
  authInitContainer,
  oauth2ProxyContainer,
} from './auth.ts';
import { mlflowOptions, type MlflowOptions } from './options.ts';
import { mlflowDataPathChecks, mlflowValidateClient } from './data-path.ts';
import { MLFLOW_SIZING } from './sizing.ts';
import { MLFLOW_IMAGE, MLFLOW_PORT, MLFLOW_UID, MLFLOW_VERSION, OAUTH2_PROXY_PORT } from './versions.ts';
import { consumerSources, flowsToService } from '../../platform/flows.ts';

export const MLFLOW_SERVICE = 'mlflow';

/**
 * Host headers the server accepts (MLflow 3.5+ rejects others against DNS rebinding): the public
 * host, the Service names clients use, and localhost for probes and `validate`'s port-forward.
 * @see https://mlflow.org/docs/latest/self-hosting/security/network
 */
function allowedHosts(ctx: BuildContext<MlflowOptions>, servicePort: number): string {
  const svc = ctx.serviceHost(MLFLOW_SERVICE);
  return [ctx.host('mlflow'), `${svc}:${servicePort}`, `${svc}.cluster.local:${servicePort}`, `${MLFLOW_SERVICE}:${servicePort}`, 'localhost', 'localhost:*', '127.0.0.1:*'].join(',');
}

function serverArgs(ctx: BuildContext<MlflowOptions>, sso: boolean): string[] {
  const options = ctx.options();
  const bucket = ctx.objectStorage.buckets.apps;
  return [
    'mlflow',
    'server',
    // Behind oauth2-proxy nothing but the sidecar may reach the server.
    '--host', sso ? '127.0.0.1' : '0.0.0.0',
    '--port', String(MLFLOW_PORT),
    '--workers', String(options.workers),
    '--artifacts-destination', `s3://${bucket}/${options.artifactsPrefix}`,
    '--serve-artifacts',
    ...(sso ? [] : ['--app-name', 'basic-auth']),
  ];
}

/**
 * `/health`, with `Host: localhost` so it passes the allowed-hosts check whatever the pod IP is.
 * Behind oauth2-proxy the server listens on loopback only: the probe goes through the sidecar
 * (`/health` skips authentication there).
 */
function serverProbes(port: number): ProbeSet {
  const httpGet = { path: '/health', port, scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost' }] };
  return {
    readiness: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    liveness: { httpGet, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    startup: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
  };
}

/** The tracking server container; the backend URI is composed by Kubernetes from earlier env entries. */
function serverContainer(ctx: BuildContext<MlflowOptions>, image: string, resources: ReturnType<BuildContext['sizing']>['resources'], sso: boolean): Record<string, unknown> {
  const s3 = ctx.objectStorage;
  const db = postgresAccess(ctx, 'mlflow');
  const creds = s3.credentials('apps');
  const trust = s3.consumerTrust(ctx.namespace, 'mlflow');
  const servicePort = sso ? OAUTH2_PROXY_PORT : MLFLOW_PORT;
  const c = container({
    name: 'mlflow',
    image,
    resources,
    command: serverArgs(ctx, sso),
    ...(sso ? {} : { ports: [{ name: 'http', containerPort: MLFLOW_PORT }] }),
    env: [
      { name: 'HOME', value: '/tmp' },
      { name: 'MLFLOW_S3_ENDPOINT_URL', value: s3.endpoint },
      { name: 'AWS_DEFAULT_REGION', value: s3.region },
      { name: 'MLFLOW_SERVER_ALLOWED_HOSTS', value: allowedHosts(ctx, servicePort) },
      ...(trust ? [{ name: 'AWS_CA_BUNDLE', value: trust.caFile }] : []),
      ...(sso ? [] : [{ name: 'MLFLOW_AUTH_CONFIG_PATH', value: AUTH_CONFIG }]),
    ],
    secretEnv: [
      { name: 'AWS_ACCESS_KEY_ID', secret: creds.secretName, key: creds.accessKeyKey },
      { name: 'AWS_SECRET_ACCESS_KEY', secret: creds.secretName, key: creds.secretKeyKey },
      { name: AUTH_ENV.dbUser, secret: db.secretName, key: db.userKey },
      { name: AUTH_ENV.dbPassword, secret: db.secretName, key: db.passwordKey },
      ...(sso ? [] : [{ name: 'MLFLOW_FLASK_SERVER_SECRET_KEY', secret: MLFLOW_FLASK_SECRET, key: 'secret-key' }]),
    ],
    probes: serverProbes(servicePort),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(sso ? [] : [{ name: 'auth', mountPath: '/var/run/mlflow-auth', readOnly: true }]), ...(trust ? [trust.volumeMount] : [])],
  });
  // After the credentials: Kubernetes expands $(VAR) only from variables defined earlier in the list.
  const uri = `postgresql://$(${AUTH_ENV.dbUser}):$(${AUTH_ENV.dbPassword})@${db.host}:${db.port}/${db.database}`;
  c['env'] = [...(c['env'] as unknown[]), { name: 'MLFLOW_BACKEND_STORE_URI', value: uri }];
  return c;
}

function secretsOf(ctx: BuildContext<MlflowOptions>, sso: boolean): SecretRequirement[] {
  const s3 = ctx.objectStorage;
  const own = (name: string, keys: SecretRequirement['keys'], description: string, extra: Partial<SecretRequirement> = {}): SecretRequirement => ({
    name,
    namespace: ctx.namespace,
    source: 'generated',
    keys,
    description,
    consumers: ['mlflow'],
    ...extra,
  });
  const out = [s3.consumerSecret(ctx.namespace, 'mlflow', 'apps'), ...(s3.consumerTrust(ctx.namespace, 'mlflow')?.secrets ?? [])];
  if (sso) {
    out.push(
      // The realm import reads the same value from its own copy in the identity namespace.
      own(MLFLOW_OIDC_SECRET, [SSO_CLIENT_SECRET_SPEC], `client secret of the realm client \`${MLFLOW_CLIENT_ID}\` (oauth2-proxy)`, {
        valueGroup: ssoClientValueGroup(MLFLOW_CLIENT_ID),
      }),
      own(MLFLOW_COOKIE_SECRET, [{ key: 'cookie-secret', kind: 'hex', length: 16 }], 'oauth2-proxy cookie secret (32 characters: an AES-256 key)'),
      mlflowValidateClient(ctx).secret,
      ...(ctx.sso.trust?.secrets ?? []),
    );
  } else {
    out.push(
      own(MLFLOW_ADMIN_SECRET, [{ key: 'username', kind: 'username', value: 'admin' }, { key: 'password', kind: 'password', length: 24 }], 'MLflow basic-auth admin account (created at first start)'),
      own(MLFLOW_FLASK_SECRET, [{ key: 'secret-key', kind: 'hex', length: 32 }], 'MLFLOW_FLASK_SERVER_SECRET_KEY: signs the basic-auth app\'s CSRF tokens (the same on every replica)'),
    );
  }
  return out;
}

function ssoClient(ctx: BuildContext<MlflowOptions>): SsoClient {
  const base = `https://${ctx.host('mlflow')}`;
  return {
    clientId: MLFLOW_CLIENT_ID,
    component: 'mlflow',
    type: 'confidential',
    description: 'MLflow UI and API behind oauth2-proxy',
    redirectUris: [`${base}/oauth2/callback`],
    secret: { name: MLFLOW_OIDC_SECRET, namespace: ctx.namespace },
    // oauth2-proxy admits holders of client role `user` (OAUTH2_PROXY_ALLOWED_ROLES=mlflow:user).
    // Behind the proxy MLflow has no permissions of its own: every admitted user may write, so
    // viewers get no role.
    roleMapping: { user: ['admins', 'engineers', 'analysts'] },
    // oauth2-proxy accepts bearer tokens only with its client id in `aud`.
    audiences: [MLFLOW_CLIENT_ID],
  };
}

/**
 * The backend store through the pooler as MLflow's own login: the server migrated its schema and,
 * with basic-auth, created the admin account (`1 / count(*)` fails on an empty table).
 */
function storeChecks(ctx: BuildContext<MlflowOptions>, sso: boolean): LiveCheck[] {
  const db = postgresAccess(ctx, 'mlflow');
  const [service = '', namespace = ''] = db.host.split('.');
  const ref = (key: string) => ({ namespace: ctx.namespace, name: db.secretName, key });
  const probe = (sql: string) => ({ type: 'postgres' as const, endpoint: { namespace, service, port: db.port }, database: db.database, user: ref(db.userKey), password: ref(db.passwordKey), sql });
  const checks: LiveCheck[] = [{ id: 'mlflow.backend-store', group: 'connectivity', title: 'MLflow\'s backend store is migrated (alembic_version as the mlflow login)', probe: probe('select version_num from alembic_version') }];
  if (!sso) checks.push({ id: 'mlflow.auth-store', group: 'connectivity', title: 'MLflow basic-auth has its admin account', probe: probe("select 1 / count(*) from users where is_admin") });
  return checks;
}

function build(ctx: BuildContext<MlflowOptions>): ComponentBuild {
  const options = ctx.options();
  const sizing = ctx.sizing(MLFLOW_SIZING);
  const sso = ctx.sso.enabled;
  const image = ctx.image(MLFLOW_IMAGE, { main: true });
  const db = postgresAccess(ctx, 'mlflow');
  const trust = ctx.objectStorage.consumerTrust(ctx.namespace, 'mlflow');
  const selector = ctx.selector();
  const servicePort = sso ? OAUTH2_PROXY_PORT : MLFLOW_PORT;
  const initContainers = sso
    ? []
    : [
        authInitContainer({
          image,
          resources: sizing.resources,
          script: authConfigScript(options, db),
          secretEnv: [
            { name: AUTH_ENV.dbUser, secret: db.secretName, key: db.userKey },
            { name: AUTH_ENV.dbPassword, secret: db.secretName, key: db.passwordKey },
            { name: AUTH_ENV.adminUser, secret: MLFLOW_ADMIN_SECRET, key: 'username' },
            { name: AUTH_ENV.adminPassword, secret: MLFLOW_ADMIN_SECRET, key: 'password' },
          ],
        }),
      ];
  const containers = [serverContainer(ctx, image, sizing.resources, sso), ...(sso ? [oauth2ProxyContainer(ctx, ctx.image(OAUTH2_PROXY_IMAGE))] : [])];
  const workload = declaredDeployment(ctx, {
    name: MLFLOW_SERVICE,
    replicas: sizing.replicas,
    resources: sizing.resources,
    pod: {
      serviceAccountName: MLFLOW_SERVICE,
      kubernetesUser: { runAsUser: MLFLOW_UID, fsGroup: MLFLOW_UID },
      initContainers,
      containers,
      volumes: [{ name: 'tmp', emptyDir: {} }, ...(sso ? [] : [{ name: 'auth', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }]), ...(trust ? [trust.volume] : []), ...(sso && ctx.sso.trust ? [ctx.sso.trust.volume] : [])],
    },
  });
  const api = service(ctx, { name: MLFLOW_SERVICE, ports: [{ name: 'http', port: servicePort, targetPort: servicePort }] });
  const flows: Flow[] = flowsToService(api, [
    { from: { kind: 'ingress' }, description: 'the MLflow UI and REST API through the router' },
    // Whoever declares `consumes: [{ component: 'mlflow' }]` (Airflow's tasks, notebooks).
    ...consumerSources(ctx.consumers, (c) => `${c} logs runs, metrics and artifacts to MLflow`),
  ]);
  const endpoint = { namespace: ctx.namespace, service: MLFLOW_SERVICE, port: servicePort };
  return {
    ...emptyBuild(),
    objects: [serviceAccount(ctx, MLFLOW_SERVICE), api, workload.object],
    dependsOn: ['postgres', 'object-storage'],
    flows,
    egress: ctx.objectStorage.consumerEgress('the tracking server stores artifacts in the apps bucket'),
    secrets: secretsOf(ctx, sso),
    exposures: [
      {
        host: 'mlflow',
        service: MLFLOW_SERVICE,
        namespace: ctx.namespace,
        port: 'http',
        kind: 'ui',
        description: 'MLflow tracking UI and REST API (runs, models, proxied artifacts)',
        podSelector: selector,
        targetPort: servicePort,
        authentication: sso ? 'oidc' : 'password',
      },
    ],
    disruption: [workload.disruption],
    checks: [
      { id: 'mlflow.pods', group: 'management', title: 'MLflow tracking servers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector, min: sizing.replicas } },
      { id: 'mlflow.health', group: 'connectivity', title: 'MLflow answers /health', probe: { type: 'http', endpoint, path: '/health', expectBody: 'OK' } },
      ...storeChecks(ctx, sso),
      ...mlflowDataPathChecks(ctx, { endpoint, adminSecret: MLFLOW_ADMIN_SECRET }),
    ],
    footprint: [workload.footprint],
    ...(sso ? { ssoClients: [ssoClient(ctx), mlflowValidateClient(ctx).client] } : {}),
    warnings: ctx.options().image !== undefined && !ctx.options().image!.endsWith('-full') && ctx.options().image!.includes('ghcr.io/mlflow/mlflow')
      ? ['components.mlflow.image is a plain ghcr.io/mlflow/mlflow image, which lacks psycopg2 and boto3: use the `-full` variant or an image that adds them']
      : [],
  };
}

/** MLflow 3 tracking server: runs in PostgreSQL, artifacts in the apps bucket, authentication in front. */
export const mlflow: ComponentDefinition<MlflowOptions> = {
  name: 'mlflow',
  title: 'MLflow (experiment tracking)',
  tier: 'analytics',
  layer: 'data',
  phase: 'analytics',
  version: MLFLOW_VERSION,
  enabledByDefault: true,
  options: mlflowOptions,
  // Artifacts.
  consumes: () => [{ component: 'object-storage' }],
  databases: [{ role: 'mlflow' }],
  build,
};
