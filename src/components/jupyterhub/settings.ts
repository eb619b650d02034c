import type { BuildContext } from '../../model/build-context.ts';
import type { Labels } from '../../model/kube.ts';
import { LABEL } from '../../platform/labels.ts';
import { spawnedPodSecurity } from '../../platform/pod-policy.ts';
import type { JupyterhubOptions } from './options.ts';
import { spawnProfiles } from './profiles.ts';
import { SPARK_CONF_DIR, SPARK_DEFAULTS_CONFIGMAP } from './spark-defaults.ts';
import { HOME_DIR, HUB_DATA_DIR, JOVYAN_UID, JUPYTERHUB_PORT, USERS_GID } from './versions.ts';
import { USER_AUTH_REFRESH_AGE_SECONDS, USER_TRINO_CA_DIR, userTokenEnvNames, userTrinoTrust } from './user-token.ts';

/** The OIDC client JupyterHub uses in the platform realm. */
export const OIDC_CLIENT_ID = 'jupyterhub';
/** Client roles of the `jupyterhub` client; JupyterHub also accepts the realm groups behind them. */
export const OIDC_ROLES = { admin: 'jupyterhub-admin', user: 'jupyterhub-user' } as const;

export interface HomeStorage {
  readonly storageClass: string | undefined;
  readonly accessModes: readonly string[];
  readonly size: string;
}

export interface SettingsInput {
  readonly hubService: string;
  readonly proxyApiService: string;
  readonly userLabels: Labels;
  readonly activeServerLimit: number;
  readonly home: HomeStorage;
}

function cullerArgs(own: JupyterhubOptions['culler']): string[] {
  const args = [`--url=http://localhost:${JUPYTERHUB_PORT.hub}/hub/api`, `--timeout=${own.timeoutSeconds}`, `--cull-every=${own.everySeconds}`, '--concurrency=10'];
  if (own.maxAgeSeconds > 0) args.push(`--max-age=${own.maxAgeSeconds}`);
  return args;
}

function auth(ctx: BuildContext<JupyterhubOptions>): Record<string, unknown> {
  const own = ctx.options();
  if (!ctx.sso.enabled) return { type: 'shared-password', adminUsers: ['admin'], allowedUsers: [...own.localUsers] };
  const endpoint = (base: string, path: string) => `${base}/protocol/openid-connect/${path}`;
  const callbackUrl = `https://${ctx.host('jupyterhub')}/hub/oauth_callback`;
  return {
    type: 'oidc',
    clientId: OIDC_CLIENT_ID,
    callbackUrl,
    authorizeUrl: endpoint(ctx.sso.issuer, 'auth'),
    tokenUrl: endpoint(ctx.sso.internalIssuer, 'token'),
    userdataUrl: endpoint(ctx.sso.internalIssuer, 'userinfo'),
    // The CA of Keycloak's certificate for the HTTPS backchannel (tornado's `ca_certs`), or null.
    caCerts: ctx.sso.trust?.caFile ?? null,
    logoutUrl: `${endpoint(ctx.sso.issuer, 'logout')}?client_id=${OIDC_CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent(`https://${ctx.host('jupyterhub')}/`)}`,
    adminGroups: [OIDC_ROLES.admin, ...own.oidc.adminGroups],
    allowedGroups: [OIDC_ROLES.user, OIDC_ROLES.admin, ...own.oidc.allowedGroups, ...own.oidc.adminGroups].filter((g, i, all) => all.indexOf(g) === i),
    // The user's own realm token reaches their server in these variables (Trino, Nessie, MLflow).
    userTokenEnv: userTokenEnvNames(ctx),
    refreshAgeSeconds: USER_AUTH_REFRESH_AGE_SECONDS,
  };
}

/** settings.json: every rendered value jupyterhub_config.py reads. Pure. */
/** The Trino CA volume user pods mount, or null without Trino's HTTPS. */
function trinoCa(ctx: BuildContext<JupyterhubOptions>): { volume: Record<string, unknown>; mountPath: string } | null {
  const trust = userTrinoTrust(ctx);
  return trust.volume ? { volume: trust.volume, mountPath: USER_TRINO_CA_DIR } : null;
}

export function hubSettings(ctx: BuildContext<JupyterhubOptions>, input: SettingsInput): Record<string, unknown> {
  const own = ctx.options();
  // KubeSpawner adds the component label itself; on OpenShift restricted-v2 picks UID and fsGroup.
  const { [LABEL.component]: _component, ...commonLabels } = input.userLabels;
  const pinned = !ctx.openshift;
  return {
    proxyApiUrl: `http://${ctx.serviceHost(input.proxyApiService)}:${JUPYTERHUB_PORT.proxyApi}`,
    hubConnectUrl: `http://${ctx.serviceHost(input.hubService)}:${JUPYTERHUB_PORT.hub}`,
    dbUrl: `sqlite:///${HUB_DATA_DIR}/jupyterhub.sqlite`,
    activeServerLimit: input.activeServerLimit,
    spawner: {
      namespace: ctx.namespace,
      commonLabels: { ...commonLabels, [LABEL.managedBy]: 'kubespawner' },
      uid: pinned ? JOVYAN_UID : null,
      gid: pinned ? USERS_GID : null,
      fsGid: pinned ? USERS_GID : null,
      startTimeout: own.singleuser.startTimeoutSeconds,
      podSecurityContext: spawnedPodSecurity().pod,
      containerSecurityContext: spawnedPodSecurity().container,
      storageClass: input.home.storageClass ?? null,
      storageAccessModes: [...input.home.accessModes],
      storageCapacity: input.home.size,
      homeMountPath: HOME_DIR,
      sparkConf: { configMap: SPARK_DEFAULTS_CONFIGMAP, mountPath: SPARK_CONF_DIR },
      trinoCa: trinoCa(ctx),
      profiles: spawnProfiles(ctx),
    },
    culler: own.culler.enabled ? { args: cullerArgs(own.culler) } : null,
    auth: auth(ctx),
  };
}
