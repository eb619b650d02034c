import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import type { MetricsEndpoint } from '../../model/metrics.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint, ResourceSpec } from '../../model/resources.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { applySizingOverrides } from '../../platform/sizing.ts';
import { checksum, claimSpec, configMap, container, declaredDeployment, httpProbes, service, serviceAccount, type DeclaredWorkload } from '../../platform/workload.ts';
import { HUB_ENV, JUPYTERHUB_CONFIG_PY } from './hub-config.ts';
import { CRYPT_KEY_ENV, CRYPT_KEY_SECRET, cryptKeySecret, USER_TOKEN_LIFESPAN_SECONDS, userTokenAudiences, userTrinoTrust } from './user-token.ts';
import { jupyterhubEgress, jupyterhubFlows, USER_ROLE, type JupyterhubNetwork, type JupyterhubSelectors } from './network.ts';
import { jupyterhubOptions, type JupyterhubOptions } from './options.ts';
import { spawnProfiles } from './profiles.ts';
import { hubRbac } from './rbac.ts';
import { hubSettings, OIDC_CLIENT_ID, OIDC_ROLES, type HomeStorage } from './settings.ts';
import { SPARK_DEFAULTS_CONFIGMAP, sparkDefaults } from './spark-defaults.ts';
import { HUB_SIZING, PROXY_SIZING, USER_BUDGET, USER_SIZES } from './sizing.ts';
import { HUB_CONFIG_DIR, HUB_DATA_DIR, HUB_IMAGE, JOVYAN_UID, JUPYTERHUB_PORT, JUPYTERHUB_VERSION, PROXY_IMAGE } from './versions.ts';
import { jupyterhubConsumes } from './network.ts';

/** The hub's Deployment, ServiceAccount, Role and Service. */
export const HUB = 'jupyterhub-hub';
/** The configurable-http-proxy Deployment and ServiceAccount. */
export const PROXY = 'jupyterhub-proxy';
/** The proxy's REST API Service (hub → proxy only). */
export const PROXY_API_SERVICE = 'jupyterhub-proxy-api';
/** The public Service behind the Route/Ingress. */
export const PUBLIC_SERVICE = 'jupyterhub';
/** The hub's SQLite volume. */
export const HUB_DB_CLAIM = 'jupyterhub-hub-db';
/** Generated Secrets of the secrets plan (names in the analytics namespace). */
export const PROXY_TOKEN_SECRET = 'jupyterhub-proxy-token';
export const HUB_SECRET = 'jupyterhub-hub';
export const OIDC_SECRET = 'jupyterhub-oidc';
export const LOCAL_AUTH_SECRET = 'jupyterhub-local-auth';
export const METRICS_SECRET = 'jupyterhub-metrics';
export const VALIDATE_SECRET = 'jupyterhub-validate';

/** Homes on the RWX `shared` tier when the platform names one (R-STOR-12), else RWO `standard`. */
function homeStorage(ctx: BuildContext<JupyterhubOptions>): HomeStorage & { tier: 'shared' | 'standard' } {
  const size = ctx.options().singleuser.homeSize ?? USER_BUDGET[ctx.profile].homeSize;
  return ctx.config.storage.classes.shared !== undefined
    ? { tier: 'shared', storageClass: ctx.storageClass('shared'), accessModes: ['ReadWriteMany'], size }
    : { tier: 'standard', storageClass: ctx.storageClass('standard'), accessModes: ['ReadWriteOnce'], size };
}

function secretsOf(ctx: BuildContext<JupyterhubOptions>): SecretRequirement[] {
  const ns = ctx.namespace;
  const secrets: SecretRequirement[] = [
    { name: PROXY_TOKEN_SECRET, namespace: ns, source: 'generated', keys: [{ key: 'token', kind: 'hex', length: 32 }], description: 'CONFIGPROXY_AUTH_TOKEN: the hub authenticates to the configurable-http-proxy API with it', consumers: ['jupyterhub'] },
    { name: HUB_SECRET, namespace: ns, source: 'generated', keys: [{ key: 'cookie-secret', kind: 'hex', length: 32 }], description: 'JPY_COOKIE_SECRET: signs the hub\'s login cookies (kept across restarts)', consumers: ['jupyterhub'] },
    { name: METRICS_SECRET, namespace: ns, source: 'generated', keys: [{ key: 'token', kind: 'hex', length: 32 }], description: 'API token of the hub service `prometheus` (scope read:metrics only); the ServiceMonitor presents it as a bearer token', consumers: ['jupyterhub'] },
    { name: VALIDATE_SECRET, namespace: ns, source: 'generated', keys: [{ key: 'token', kind: 'hex', length: 32 }], description: 'API token of the hub service `datalyptica-validate` (scopes list:users, read:users:name): `datalyptica validate` lists users through the proxy with it', consumers: ['jupyterhub'] },
  ];
  if (ctx.sso.enabled) {
    // The realm import reads the same value from its own copy in the identity namespace.
    secrets.push(ssoClientSecret({ name: OIDC_SECRET, namespace: ns, clientId: OIDC_CLIENT_ID, consumers: ['jupyterhub'], description: `client secret of the realm client \`${OIDC_CLIENT_ID}\` (OAUTH_CLIENT_SECRET of the GenericOAuthenticator)` }), cryptKeySecret(ctx));
  } else {
    // SharedPasswordAuthenticator refuses an admin password under 32 characters and a user one under 8.
    secrets.push({ name: LOCAL_AUTH_SECRET, namespace: ns, source: 'generated', keys: [{ key: 'admin-password', kind: 'password', length: 40 }, { key: 'user-password', kind: 'password', length: 24 }], description: 'JupyterHub login without Keycloak: the password of user `admin` and the shared password of components.jupyterhub.localUsers', consumers: ['jupyterhub'] });
  }
  if (ctx.options().singleuser.s3Credentials) secrets.push(ctx.objectStorage.consumerSecret(ns, 'jupyterhub'));
  secrets.push(...userTrinoTrust(ctx).secrets);
  if (ctx.sso.enabled) secrets.push(...(ctx.sso.trust?.secrets ?? []));
  return secrets;
}

function hubDeployment(ctx: BuildContext<JupyterhubOptions>, resources: ResourceSpec, storage: string, configSum: string): DeclaredWorkload {
  // The hub's OAuthenticator calls Keycloak's HTTPS backchannel with this CA.
  const ssoTrust = ctx.sso.enabled ? ctx.sso.trust : undefined;
  const authEnv = ctx.sso.enabled
    ? [
        { name: HUB_ENV.oauthClientSecret, secret: OIDC_SECRET, key: SSO_CLIENT_SECRET_KEY },
        { name: CRYPT_KEY_ENV, secret: CRYPT_KEY_SECRET, key: 'crypt-key' },
      ]
    : [
        { name: HUB_ENV.adminPassword, secret: LOCAL_AUTH_SECRET, key: 'admin-password' },
        { name: HUB_ENV.userPassword, secret: LOCAL_AUTH_SECRET, key: 'user-password' },
      ];
  const workload = declaredDeployment(ctx, {
    name: HUB,
    role: 'hub',
    replicas: 1,
    resources,
    // The SQLite volume (HUB_DB_CLAIM), a claim of its own rather than a template.
    storage: [{ tier: 'standard', size: storage }],
    // Prefixed: a bare FNV-1a hex such as `9398e531` reads as a float (9398×10^531) to YAML
    // parsers, and `kubectl kustomize` turned it into Infinity.
    podAnnotations: { 'datalyptica.io/config-checksum': configSum },
    pod: {
      serviceAccountName: HUB,
      // KubeSpawner talks to the API with this token (and the Role in rbac.ts).
      automountServiceAccountToken: true,
      kubernetesUser: { runAsUser: JOVYAN_UID, fsGroup: JOVYAN_UID },
      containers: [
        container({
          name: 'hub',
          image: ctx.image(HUB_IMAGE, { main: true }),
          resources,
          args: ['jupyterhub', '--config', `${HUB_CONFIG_DIR}/jupyterhub_config.py`, '--upgrade-db'],
          workingDir: HUB_DATA_DIR,
          env: [{ name: 'PYTHONUNBUFFERED', value: '1' }],
          secretEnv: [
            { name: HUB_ENV.proxyToken, secret: PROXY_TOKEN_SECRET, key: 'token' },
            { name: HUB_ENV.cookieSecret, secret: HUB_SECRET, key: 'cookie-secret' },
            { name: HUB_ENV.metricsToken, secret: METRICS_SECRET, key: 'token' },
            { name: HUB_ENV.validateToken, secret: VALIDATE_SECRET, key: 'token' },
            ...authEnv,
          ],
          ports: [{ name: 'http', containerPort: JUPYTERHUB_PORT.hub }],
          probes: httpProbes({ path: '/hub/health', port: 'http' }, { startupSeconds: 300 }),
          readOnlyRootFilesystem: true,
          volumeMounts: [
            { name: 'config', mountPath: HUB_CONFIG_DIR, readOnly: true },
            { name: 'data', mountPath: HUB_DATA_DIR },
            { name: 'tmp', mountPath: '/tmp' },
            ...(ssoTrust ? [ssoTrust.volumeMount] : []),
          ],
        }),
      ],
      volumes: [
        { name: 'config', configMap: { name: `${HUB}-config` } },
        { name: 'data', persistentVolumeClaim: { claimName: HUB_DB_CLAIM } },
        { name: 'tmp', emptyDir: {} },
        ...(ssoTrust ? [ssoTrust.volume] : []),
      ],
    },
  });
  // One hub on a ReadWriteOnce SQLite volume: the old pod must stop before the new one starts.
  (workload.object['spec'] as Record<string, unknown>)['strategy'] = { type: 'Recreate' };
  return workload;
}

function proxyDeployment(ctx: BuildContext<JupyterhubOptions>, resources: ResourceSpec): DeclaredWorkload {
  const hub = `http://${ctx.serviceHost(HUB)}:${JUPYTERHUB_PORT.hub}`;
  return declaredDeployment(ctx, {
    name: PROXY,
    role: 'proxy',
    replicas: 1,
    resources,
    pod: {
      serviceAccountName: PROXY,
      kubernetesUser: { runAsUser: 65534 },
      terminationGracePeriodSeconds: 60,
      containers: [
        container({
          name: 'chp',
          image: ctx.image(PROXY_IMAGE),
          resources,
          // The chart's flags: listen on all addresses, API on 8001, everything unrouted to the hub.
          command: ['configurable-http-proxy', '--ip=', '--api-ip=', `--api-port=${JUPYTERHUB_PORT.proxyApi}`, `--port=${JUPYTERHUB_PORT.proxy}`, `--default-target=${hub}`, `--error-target=${hub}/hub/error`],
          secretEnv: [{ name: HUB_ENV.proxyToken, secret: PROXY_TOKEN_SECRET, key: 'token' }],
          ports: [
            { name: 'http', containerPort: JUPYTERHUB_PORT.proxy },
            { name: 'api', containerPort: JUPYTERHUB_PORT.proxyApi },
          ],
          probes: httpProbes({ path: '/_chp_healthz', port: 'http' }, { startupSeconds: 60 }),
          readOnlyRootFilesystem: true,
        }),
      ],
    },
  });
}

function checksOf(ctx: BuildContext<JupyterhubOptions>, s: JupyterhubSelectors): LiveCheck[] {
  const ns = ctx.namespace;
  return [
    { id: 'jupyterhub.hub', group: 'services', title: 'The JupyterHub hub is running', probe: { type: 'pods-ready', namespace: ns, selector: s.hub, min: 1 } },
    { id: 'jupyterhub.proxy', group: 'services', title: 'The JupyterHub proxy is running', probe: { type: 'pods-ready', namespace: ns, selector: s.proxy, min: 1 } },
    { id: 'jupyterhub.db', group: 'data', title: 'The hub database volume is bound', probe: { type: 'pvcs-bound', namespace: ns, selector: s.hub } },
    { id: 'jupyterhub.health', group: 'services', title: 'The hub answers /hub/health', probe: { type: 'http', endpoint: { namespace: ns, service: HUB, port: JUPYTERHUB_PORT.hub }, path: '/hub/health', expectStatus: 200 } },
    {
      id: 'jupyterhub.api',
      group: 'connectivity',
      title: 'The hub API answers through the proxy (the path every browser takes)',
      probe: { type: 'http', endpoint: { namespace: ns, service: PUBLIC_SERVICE, port: JUPYTERHUB_PORT.proxy }, path: '/hub/api/', expectBody: '"version"' },
    },
    {
      // The hub resolves the token against its database (tokens are stored hashed there) and lists
      // the users it holds: proxy → hub → hub database, with a token from the secrets plan.
      // @see https://jupyterhub.readthedocs.io/en/stable/reference/rest-api.html
      id: 'jupyterhub.users',
      group: 'data',
      title: 'The hub lists its users through the proxy for the validate service\'s API token',
      probe: { type: 'http', endpoint: { namespace: ns, service: PUBLIC_SERVICE, port: JUPYTERHUB_PORT.proxy }, path: '/hub/api/users', expectBody: '[', bearer: { namespace: ns, name: VALIDATE_SECRET, key: 'token' } },
    },
  ];
}

function ssoClientsOf(ctx: BuildContext<JupyterhubOptions>): SsoClient[] {
  if (!ctx.sso.enabled) return [];
  const own = ctx.options().oidc;
  const base = `https://${ctx.host('jupyterhub')}`;
  return [
    {
      clientId: OIDC_CLIENT_ID,
      component: 'jupyterhub',
      type: 'confidential',
      description: 'JupyterHub login (GenericOAuthenticator, authorization code flow)',
      redirectUris: [`${base}/hub/oauth_callback`],
      postLogoutRedirectUris: [`${base}/`],
      secret: { name: OIDC_SECRET, namespace: ctx.namespace },
      roleMapping: { [OIDC_ROLES.admin]: [...own.adminGroups], [OIDC_ROLES.user]: [...own.allowedGroups] },
      // The login token is handed to the user's server for Trino, Nessie and MLflow: it must carry
      // their audiences and last a notebook session.
      ...(userTokenAudiences(ctx).length > 0 ? { audiences: userTokenAudiences(ctx), accessTokenLifespanSeconds: USER_TOKEN_LIFESPAN_SECONDS } : {}),
    },
  ];
}

/**
 * The stock Docker Stacks images carry neither the `trino` Python client nor the Iceberg Spark
 * runtime (resolved from Maven when a session starts); without internet egress users get neither.
 */
export function imageWarnings(ctx: BuildContext<JupyterhubOptions>): string[] {
  const own = ctx.options().singleuser;
  if (own.internetEgress) return [];
  const missing: string[] = [];
  if (own.pysparkImage === undefined) missing.push('the PySpark image resolves the Iceberg and Nessie Spark runtime from Maven at session start (singleuser.pysparkImage: an image with them in $SPARK_HOME/jars)');
  if (own.sqlImage === undefined) missing.push('the Trino SQL image has no `trino` Python client (singleuser.sqlImage: an image with it)');
  if (missing.length === 0) return [];
  return [`components.jupyterhub: user pods have no internet egress, and ${missing.join('; ')}. Set those images or singleuser.internetEgress: true.`];
}

/** The hub's own metrics endpoint, scraped with the API token of the metrics service. */
function hubMetrics(ctx: BuildContext<JupyterhubOptions>, hub: Labels): MetricsEndpoint {
  return {
    name: HUB,
    namespace: ctx.namespace,
    via: 'service',
    selector: hub,
    port: 'http',
    targetPort: JUPYTERHUB_PORT.hub,
    path: '/hub/metrics',
    // JupyterHub's own series (spawn/server/proxy/API latency) and the Python client's.
    // @see https://jupyterhub.readthedocs.io/en/stable/reference/metrics.html
    metrics: ['jupyterhub_*', 'process_*', 'python_*'],
    auth: { type: 'bearer', secret: METRICS_SECRET },
  };
}

function build(ctx: BuildContext<JupyterhubOptions>): ComponentBuild {
  const own = ctx.options();
  // The hub is one pod whatever `replicas` says: the base block's resources and storage size it.
  const hubSizing = applySizingOverrides(ctx.sizingOf(HUB_SIZING), { resources: own.resources, storage: own.storage });
  const proxySizing = applySizingOverrides(ctx.sizingOf(PROXY_SIZING), { resources: own.proxy?.resources });
  const budget = own.singleuser.activeServerLimit ?? USER_BUDGET[ctx.profile].activeServers;
  const home = homeStorage(ctx);
  const s: JupyterhubSelectors = { hub: ctx.selector('hub'), proxy: ctx.selector('proxy'), users: ctx.selector(USER_ROLE) };

  const settings = JSON.stringify(hubSettings(ctx, { hubService: HUB, proxyApiService: PROXY_API_SERVICE, userLabels: ctx.labels(USER_ROLE), activeServerLimit: budget, home }), null, 2);
  const files = { 'jupyterhub_config.py': JUPYTERHUB_CONFIG_PY, 'settings.json': `${settings}\n` };
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: HUB_DB_CLAIM, namespace: ctx.namespace, labels: ctx.labels('hub') },
    spec: claimSpec({ name: HUB_DB_CLAIM, size: hubSizing.storage!, storageClass: ctx.storageClass('standard') }),
  };
  const net: JupyterhubNetwork = {
    selectors: s,
    hub: hubDeployment(ctx, hubSizing.resources, hubSizing.storage!, checksum(JSON.stringify(files))),
    proxy: proxyDeployment(ctx, proxySizing.resources),
    hubService: service(ctx, { name: HUB, role: 'hub', ports: [{ name: 'http', port: JUPYTERHUB_PORT.hub, targetPort: 'http' }] }),
    proxyApiService: service(ctx, { name: PROXY_API_SERVICE, role: 'proxy', ports: [{ name: 'api', port: JUPYTERHUB_PORT.proxyApi, targetPort: 'api' }] }),
  };
  const objects: KubeObject[] = [
    serviceAccount(ctx, HUB, { automount: true, role: 'hub' }),
    ...hubRbac(ctx, HUB),
    serviceAccount(ctx, PROXY, { role: 'proxy' }),
    configMap(ctx, `${HUB}-config`, files, 'hub'),
    configMap(ctx, SPARK_DEFAULTS_CONFIGMAP, { 'spark-defaults.conf': sparkDefaults(ctx) }, USER_ROLE),
    claim,
    net.hubService,
    net.proxyApiService,
    service(ctx, { name: PUBLIC_SERVICE, role: 'proxy', ports: [{ name: 'http', port: JUPYTERHUB_PORT.proxy, targetPort: 'http' }] }),
    net.hub.object,
    net.proxy.object,
  ];

  const footprint: PodFootprint[] = [
    net.hub.footprint,
    net.proxy.footprint,
    // The user-pod budget: every allowed server at the default (small) size, each with its home.
    { name: 'jupyterhub-user', namespace: ctx.namespace, replicas: budget, resources: USER_SIZES[ctx.profile].small, storage: [{ tier: home.tier, size: home.size }] },
  ];
  const ssoClients = ssoClientsOf(ctx);
  return {
    ...emptyBuild(),
    objects,
    dependsOn: ctx.sso.enabled ? ['keycloak'] : [],
    // KubeSpawner pulls the profiles' images from the hub's config, which no image field names.
    images: [...new Set(spawnProfiles(ctx).map((p) => p.kubespawner_override.image))],
    flows: jupyterhubFlows(net),
    egress: jupyterhubEgress(ctx, s),
    secrets: secretsOf(ctx),
    exposures: [
      {
        host: 'jupyterhub',
        service: PUBLIC_SERVICE,
        namespace: ctx.namespace,
        port: 'http',
        kind: 'ui',
        description: 'JupyterHub: login, spawn form and every user\'s notebook server',
        podSelector: s.proxy,
        targetPort: JUPYTERHUB_PORT.proxy,
        authentication: ctx.sso.enabled ? 'oidc' : 'password',
      },
    ],
    // Hub and proxy are single pods (no PDB; they restart in seconds, user servers keep running).
    disruption: [net.hub.disruption, net.proxy.disruption],
    readiness: { timeoutSeconds: 600 },
    checks: checksOf(ctx, s),
    footprint,
    warnings: imageWarnings(ctx),
    metrics: [hubMetrics(ctx, s.hub)],
    ...(ssoClients.length > 0 ? { ssoClients } : {}),
  };
}

export const jupyterhub: ComponentDefinition<JupyterhubOptions> = {
  name: 'jupyterhub',
  title: 'JupyterHub (notebooks with KubeSpawner)',
  tier: 'analytics',
  layer: 'management',
  phase: 'analytics',
  version: JUPYTERHUB_VERSION,
  enabledByDefault: true,
  options: jupyterhubOptions,
  consumes: jupyterhubConsumes,
  build,
};
