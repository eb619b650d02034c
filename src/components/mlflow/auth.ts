import type { BuildContext } from '../../model/build-context.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import { SSO_CLIENT_SECRET_KEY } from '../../model/sso.ts';
import { container } from '../../platform/workload.ts';
import type { MlflowOptions } from './options.ts';
import { OAUTH2_PROXY_RESOURCES } from './sizing.ts';
import { MLFLOW_PORT, OAUTH2_PROXY_IMAGE, OAUTH2_PROXY_PORT } from './versions.ts';

export const MLFLOW_ADMIN_SECRET = 'mlflow-admin';
export const MLFLOW_FLASK_SECRET = 'mlflow-flask';
/** The realm client oauth2-proxy logs users in with. */
export const MLFLOW_CLIENT_ID = 'mlflow';
/** The realm client's secret in MLflow's namespace (key `client-secret`). */
export const MLFLOW_OIDC_SECRET = 'mlflow-oidc';
export const MLFLOW_COOKIE_SECRET = 'mlflow-oauth2-proxy';
export const AUTH_DIR = '/var/run/mlflow-auth';
export const AUTH_CONFIG = `${AUTH_DIR}/basic_auth.ini`;

/** Env names the auth init container reads (all from Secrets). */
export const AUTH_ENV = { dbUser: 'MLFLOW_DB_USER', dbPassword: 'MLFLOW_DB_PASSWORD', adminUser: 'MLFLOW_ADMIN_USER', adminPassword: 'MLFLOW_ADMIN_PASSWORD' } as const;

/**
 * Writes MLflow's basic-auth config from the environment into an in-memory volume, so no password
 * sits in a ConfigMap. The auth tables live in MLflow's own database (their own Alembic version
 * table, `alembic_version_auth`); the admin account is created at first start from these values.
 * @see https://mlflow.org/docs/latest/self-hosting/security/basic-http-auth/#configuration
 */
export function authConfigScript(options: MlflowOptions, db: { host: string; port: number; database: string }): string {
  return [
    'import configparser, os',
    'from urllib.parse import quote',
    'env = os.environ',
    'c = configparser.ConfigParser(interpolation=None)',
    'c["mlflow"] = {',
    `    "default_permission": "${options.defaultPermission}",`,
    `    "database_uri": "postgresql://" + quote(env["${AUTH_ENV.dbUser}"], safe="") + ":" + quote(env["${AUTH_ENV.dbPassword}"], safe="") + "@${db.host}:${db.port}/${db.database}",`,
    `    "admin_username": env["${AUTH_ENV.adminUser}"],`,
    `    "admin_password": env["${AUTH_ENV.adminPassword}"],`,
    '    "authorization_function": "mlflow.server.auth:authenticate_request_basic_auth",',
    '}',
    `with open("${AUTH_CONFIG}", "w") as f:`,
    '    c.write(f)',
  ].join('\n');
}

export function authInitContainer(input: { image: string; resources: ResourceSpec; script: string; secretEnv: readonly { name: string; secret: string; key: string }[] }): Record<string, unknown> {
  return container({
    name: 'auth-config',
    image: input.image,
    resources: input.resources,
    command: ['python3', '-c', input.script],
    secretEnv: input.secretEnv,
    volumeMounts: [{ name: 'auth', mountPath: AUTH_DIR }],
    readOnlyRootFilesystem: true,
  });
}

/**
 * oauth2-proxy in front of MLflow (which then listens on 127.0.0.1 only): browsers log in through
 * Keycloak, programs send a Keycloak access token (`skip-jwt-bearer-tokens`). The browser goes to
 * the public issuer; token redemption and keys use Keycloak's in-cluster Service.
 * @see https://oauth2-proxy.github.io/oauth2-proxy/configuration/providers/keycloak_oidc
 */
export function oauth2ProxyContainer(ctx: BuildContext<MlflowOptions>, image: string): Record<string, unknown> {
  const sso = ctx.sso;
  const env = [
    { name: 'OAUTH2_PROXY_PROVIDER', value: 'keycloak-oidc' },
    { name: 'OAUTH2_PROXY_OIDC_ISSUER_URL', value: sso.issuer },
    { name: 'OAUTH2_PROXY_SKIP_OIDC_DISCOVERY', value: 'true' },
    { name: 'OAUTH2_PROXY_LOGIN_URL', value: `${sso.issuer}/protocol/openid-connect/auth` },
    { name: 'OAUTH2_PROXY_REDEEM_URL', value: `${sso.internalIssuer}/protocol/openid-connect/token` },
    { name: 'OAUTH2_PROXY_OIDC_JWKS_URL', value: `${sso.internalIssuer}/protocol/openid-connect/certs` },
    { name: 'OAUTH2_PROXY_CLIENT_ID', value: MLFLOW_CLIENT_ID },
    { name: 'OAUTH2_PROXY_REDIRECT_URL', value: `https://${ctx.host('mlflow')}/oauth2/callback` },
    { name: 'OAUTH2_PROXY_HTTP_ADDRESS', value: `0.0.0.0:${OAUTH2_PROXY_PORT}` },
    { name: 'OAUTH2_PROXY_UPSTREAMS', value: `http://127.0.0.1:${MLFLOW_PORT}/` },
    { name: 'OAUTH2_PROXY_PASS_HOST_HEADER', value: 'false' },
    { name: 'OAUTH2_PROXY_EMAIL_DOMAINS', value: '*' },
    { name: 'OAUTH2_PROXY_REVERSE_PROXY', value: 'true' },
    { name: 'OAUTH2_PROXY_COOKIE_SECURE', value: 'true' },
    { name: 'OAUTH2_PROXY_SKIP_PROVIDER_BUTTON', value: 'true' },
    { name: 'OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS', value: 'true' },
    { name: 'OAUTH2_PROXY_SKIP_AUTH_ROUTES', value: 'GET=^/health$' },
    { name: 'OAUTH2_PROXY_ALLOWED_ROLES', value: `${MLFLOW_CLIENT_ID}:user` },
    // `--provider-ca-file`: the proxy only calls Keycloak's backchannel, so the CA of Keycloak's
    // certificate is the whole pool it needs (the flag replaces the system roots).
    // @see https://oauth2-proxy.github.io/oauth2-proxy/configuration/overview
    ...(sso.trust ? [{ name: 'OAUTH2_PROXY_PROVIDER_CA_FILES', value: sso.trust.caFile }] : []),
  ];
  return container({
    name: 'oauth2-proxy',
    image,
    resources: OAUTH2_PROXY_RESOURCES,
    ports: [{ name: 'http', containerPort: OAUTH2_PROXY_PORT }],
    env,
    secretEnv: [
      { name: 'OAUTH2_PROXY_CLIENT_SECRET', secret: MLFLOW_OIDC_SECRET, key: SSO_CLIENT_SECRET_KEY },
      { name: 'OAUTH2_PROXY_COOKIE_SECRET', secret: MLFLOW_COOKIE_SECRET, key: 'cookie-secret' },
    ],
    probes: {
      readiness: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      liveness: { httpGet: { path: '/ping', port: 'http', scheme: 'HTTP' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    },
    ...(sso.trust ? { volumeMounts: [sso.trust.volumeMount] } : {}),
    readOnlyRootFilesystem: true,
  });
}

export { OAUTH2_PROXY_IMAGE };
