import { HUB_CONFIG_DIR, JUPYTERHUB_PORT } from './versions.ts';

/** The file the static jupyterhub_config.py reads every rendered value from. */
export const SETTINGS_FILE = `${HUB_CONFIG_DIR}/settings.json`;

/** Env vars the hub reads its secrets from (JupyterHub reads the first two itself). */
export const HUB_ENV = {
  proxyToken: 'CONFIGPROXY_AUTH_TOKEN',
  cookieSecret: 'JPY_COOKIE_SECRET',
  oauthClientSecret: 'OAUTH_CLIENT_SECRET',
  adminPassword: 'JUPYTERHUB_ADMIN_PASSWORD',
  userPassword: 'JUPYTERHUB_USER_PASSWORD',
  metricsToken: 'JUPYTERHUB_METRICS_TOKEN',
  validateToken: 'JUPYTERHUB_VALIDATE_TOKEN',
} as const;

/**
 * jupyterhub_config.py: static Python that loads settings.json (rendered from the config, so
 * no value is ever spliced into Python source) and sets the same traits as Zero to JupyterHub's
 * `files/hub/jupyterhub_config.py`. Secrets come only from the environment.
 * @see https://github.com/jupyterhub/zero-to-jupyterhub-k8s/blob/4.4.0/jupyterhub/files/hub/jupyterhub_config.py
 */
export const JUPYTERHUB_CONFIG_PY = `# Rendered by Datalyptica. Values: settings.json next to this file; secrets: environment.
import json
import os

with open(${JSON.stringify(SETTINGS_FILE)}) as f:
    s = json.load(f)

# The proxy runs in its own pod; the hub configures routes through its API with
# CONFIGPROXY_AUTH_TOKEN, which JupyterHub reads from the environment.
c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.ConfigurableHTTPProxy.api_url = s["proxyApiUrl"]
c.ConfigurableHTTPProxy.should_start = False
c.JupyterHub.hub_bind_url = "http://:${JUPYTERHUB_PORT.hub}"
c.JupyterHub.hub_connect_url = s["hubConnectUrl"]
# Keep user pods running while the hub restarts.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.last_activity_interval = 60
c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
c.JupyterHub.db_url = s["dbUrl"]
c.JupyterHub.active_server_limit = s["activeServerLimit"]
c.JupyterHub.authenticate_prometheus = True

# KubeSpawner: restricted user pods in the hub's namespace, no API token, one PVC per user.
ks = s["spawner"]
c.KubeSpawner.namespace = ks["namespace"]
c.KubeSpawner.common_labels = ks["commonLabels"]
c.KubeSpawner.storage_extra_labels = ks["commonLabels"]
c.KubeSpawner.uid = ks["uid"]
c.KubeSpawner.gid = ks["gid"]
c.KubeSpawner.fs_gid = ks["fsGid"]
c.KubeSpawner.port = ${JUPYTERHUB_PORT.singleuser}
c.KubeSpawner.start_timeout = ks["startTimeout"]
c.KubeSpawner.http_timeout = 120
c.KubeSpawner.service_account = None
c.KubeSpawner.automount_service_account_token = False
c.KubeSpawner.allow_privilege_escalation = False
c.KubeSpawner.pod_security_context = ks["podSecurityContext"]
c.KubeSpawner.container_security_context = ks["containerSecurityContext"]
c.KubeSpawner.extra_pod_config = {"enableServiceLinks": False}
c.KubeSpawner.storage_pvc_ensure = True
c.KubeSpawner.storage_class = ks["storageClass"]
c.KubeSpawner.storage_access_modes = ks["storageAccessModes"]
c.KubeSpawner.storage_capacity = ks["storageCapacity"]
c.KubeSpawner.volumes = [
    {"name": "volume-{user_server}", "persistentVolumeClaim": {"claimName": "{pvc_name}"}},
    {"name": "spark-conf", "configMap": {"name": ks["sparkConf"]["configMap"]}},
]
c.KubeSpawner.volume_mounts = [
    {"name": "volume-{user_server}", "mountPath": ks["homeMountPath"]},
    {"name": "spark-conf", "mountPath": ks["sparkConf"]["mountPath"], "readOnly": True},
]
if ks.get("trinoCa"):
    c.KubeSpawner.volumes.append(ks["trinoCa"]["volume"])
    c.KubeSpawner.volume_mounts.append({"name": ks["trinoCa"]["volume"]["name"], "mountPath": ks["trinoCa"]["mountPath"], "readOnly": True})
c.KubeSpawner.profile_list = ks["profiles"]

# Prometheus scrapes /hub/metrics with a token that may read metrics and nothing else.
roles = [{"name": "prometheus", "scopes": ["read:metrics"], "services": ["prometheus"]}]
services = [{"name": "prometheus", "api_token": os.environ["${HUB_ENV.metricsToken}"]}]

# \`datalyptica validate\` lists users through the proxy with this token: names only, nothing else.
roles.append({"name": "datalyptica-validate", "scopes": ["list:users", "read:users:name"], "services": ["datalyptica-validate"]})
services.append({"name": "datalyptica-validate", "api_token": os.environ["${HUB_ENV.validateToken}"]})

# Idle culling as a hub-managed service holding only the scopes it needs.
cull = s.get("culler")
if cull:
    roles.append(
        {
            "name": "jupyterhub-idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["jupyterhub-idle-culler"],
        }
    )
    services.append(
        {
            "name": "jupyterhub-idle-culler",
            "command": ["python3", "-m", "jupyterhub_idle_culler"] + cull["args"],
        }
    )
c.JupyterHub.load_roles = roles
c.JupyterHub.services = services

auth = s["auth"]
if auth["type"] == "oidc":
    # OAuthenticator reads the client secret from OAUTH_CLIENT_SECRET.
    c.JupyterHub.authenticator_class = "generic-oauth"
    g = c.GenericOAuthenticator
    g.client_id = auth["clientId"]
    g.oauth_callback_url = auth["callbackUrl"]
    g.authorize_url = auth["authorizeUrl"]
    g.token_url = auth["tokenUrl"]
    g.userdata_url = auth["userdataUrl"]
    if auth.get("caCerts"):
        # Token, user info and refresh calls verify Keycloak's certificate with this CA only.
        g.http_request_kwargs = {"ca_certs": auth["caCerts"]}
    g.logout_redirect_url = auth["logoutUrl"]
    g.login_service = "Keycloak"
    g.scope = ["openid", "profile", "email"]
    g.username_claim = "preferred_username"
    # OAuthenticator 17 takes allowed_groups, admin_groups and auth_state_groups_key only with
    # manage_groups on (it refuses to start otherwise); the hub then keeps each user's JupyterHub
    # groups in line with the realm's at every login.
    # @see https://oauthenticator.readthedocs.io/en/latest/reference/changelog.html#17-0
    g.manage_groups = True
    g.allowed_groups = set(auth["allowedGroups"])
    g.admin_groups = set(auth["adminGroups"])

    def _groups(auth_state):
        # Realm groups ("/admins" with full paths), realm roles and this client's roles all count.
        user = auth_state.get("oauth_user") or {}
        found = set()
        for name in user.get("groups") or []:
            found.add(str(name).lstrip("/"))
        for name in user.get("roles") or []:
            found.add(str(name))
        client = (user.get("resource_access") or {}).get(auth["clientId"]) or {}
        for name in client.get("roles") or []:
            found.add(str(name))
        return sorted(found)

    g.auth_state_groups_key = _groups

    # The user's realm access token (audiences trino, nessie, mlflow) reaches their server:
    # queries, commits and runs happen as that user. Auth state is encrypted with
    # JUPYTERHUB_CRYPT_KEY; each spawn gets the current token (see refresh below). The token is kept on the
    # spawner and added to the pod last, so a profile's environment override cannot drop it.
    g.enable_auth_state = True
    token_env = auth.get("userTokenEnv") or []

    def _keep_token(spawner, auth_state):
        spawner.datalyptica_token = (auth_state or {}).get("access_token")

    def _inject_token(spawner, pod):
        token = getattr(spawner, "datalyptica_token", None)
        if token:
            from kubernetes_asyncio.client.models import V1EnvVar

            for container in pod.spec.containers:
                container.env = [e for e in (container.env or []) if e.name not in token_env]
                container.env += [V1EnvVar(name=name, value=token) for name in token_env]
        return pod

    if token_env:
        c.Spawner.auth_state_hook = _keep_token
        c.KubeSpawner.modify_pod_hook = _inject_token

    # Fresh tokens (OAuthenticator 17.2+ refresh_user): any authenticated hub request older than
    # auth_refresh_age reloads the user, and an expired access token is renewed with the stored
    # refresh token; refresh_pre_spawn does it before each spawn, so a server starts with a valid
    # token. A running server reads the current one from /hub/api/users/<name> with its own
    # $JUPYTERHUB_API_TOKEN: the user and server roles get admin:auth_state!user (their own
    # auth state only) next to JupyterHub's default scopes.
    g.refresh_pre_spawn = True
    g.auth_refresh_age = auth["refreshAgeSeconds"]
    c.JupyterHub.load_roles = roles + [
        {"name": "user", "scopes": ["self", "admin:auth_state!user"]},
        {"name": "server", "scopes": ["users:activity!user", "access:servers!server", "admin:auth_state!user"]},
    ]
else:
    # Never open: only "admin" (admin password) and the allowed users (user password).
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.admin_password = os.environ["${HUB_ENV.adminPassword}"]
    c.SharedPasswordAuthenticator.user_password = os.environ["${HUB_ENV.userPassword}"]
    c.Authenticator.admin_users = set(auth["adminUsers"])
    c.Authenticator.allowed_users = set(auth["allowedUsers"])
`;
