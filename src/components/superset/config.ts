/**
 * `superset_config.py`, rendered from options. Every credential is read from the environment at
 * start (the pods take them from Secrets through `secretKeyRef`), so the ConfigMap holds none.
 * @see https://superset.apache.org/docs/configuration/configuring-superset
 */

import { SSO_GROUPS, type SsoGroup } from '../../model/sso.ts';

/** Env variables the config file reads; the workloads set each one from a Secret. */
export const SUPERSET_ENV = {
  secretKey: 'SUPERSET_SECRET_KEY',
  dbUser: 'SUPERSET_DB_USER',
  dbPassword: 'SUPERSET_DB_PASSWORD',
  redisPassword: 'SUPERSET_REDIS_PASSWORD',
  oidcClientSecret: 'SUPERSET_OIDC_CLIENT_SECRET',
  validateUser: 'SUPERSET_VALIDATE_USER',
  validatePassword: 'SUPERSET_VALIDATE_PASSWORD',
} as const;

/** The service user `datalyptica validate` logs in as through the API while users log in through Keycloak. */
export const SUPERSET_VALIDATE_USER = 'datalyptica-validate';

/** Redis logical databases: Celery broker/results, Flask caches, SQL Lab results. */
const REDIS_DB = { celery: 0, cache: 1, results: 2 } as const;

/** Feature flags the platform turns on or off unless the user says otherwise. */
export const DEFAULT_FEATURE_FLAGS: Readonly<Record<string, boolean>> = {
  ALERT_REPORTS: true,
  DASHBOARD_RBAC: true,
  // Jinja in SQL runs user-supplied templates on the server: off unless asked for.
  ENABLE_TEMPLATE_PROCESSING: false,
};

/**
 * Superset's built-in roles and the platform groups that grant each. The realm's `groups` claim
 * carries group names (`admins`), which FAB reads as role keys: AUTH_ROLES_MAPPING maps each group
 * to the roles listed here, and the realm client declares the same roles (its docs page lists them).
 * @see https://superset.apache.org/docs/security/#roles
 */
export const SUPERSET_ROLE_MAPPING: Readonly<Record<string, readonly SsoGroup[]>> = {
  Admin: ['admins'],
  Alpha: ['engineers'],
  Gamma: ['analysts', 'viewers'],
  sql_lab: ['engineers', 'analysts'],
};

/** AUTH_ROLES_MAPPING lines: each group (and Keycloak's full-path `/group` form) → its Superset roles. */
function rolesMappingLines(): string[] {
  return SSO_GROUPS.flatMap((group) => {
    const roles = Object.entries(SUPERSET_ROLE_MAPPING).filter(([, groups]) => groups.includes(group)).map(([role]) => role);
    if (roles.length === 0) return [];
    const value = `[${roles.map((r) => JSON.stringify(r)).join(', ')}]`;
    return [`    ${JSON.stringify(group)}: ${value},`, `    ${JSON.stringify(`/${group}`)}: ${value},`];
  });
}

export interface SupersetConfigInput {
  readonly database: { readonly host: string; readonly port: number; readonly name: string };
  readonly redis: { readonly host: string; readonly port: number };
  readonly featureFlags: Readonly<Record<string, boolean>>;
  readonly cacheTimeoutSeconds: number;
  /** Keycloak login; absent = Superset's own database login. */
  readonly sso?: {
    readonly issuer: string;
    readonly internalIssuer: string;
    readonly clientId: string;
    /** The CA of Keycloak's certificate, when the backchannel is HTTPS. */
    readonly caFile?: string;
  };
  /** Users authorise Superset to query Trino with their own realm token (database OAuth2). */
  readonly trinoOAuth2?: { readonly redirectUri: string };
}

/** Python literal for a flag map, keys sorted so the output is deterministic. */
function pythonDict(values: Readonly<Record<string, boolean>>): string {
  const entries = Object.keys(values)
    .sort()
    .map((key) => `    ${JSON.stringify(key)}: ${values[key] ? 'True' : 'False'},`);
  return ['{', ...entries, '}'].join('\n');
}

function authSection(sso: SupersetConfigInput['sso']): string[] {
  if (sso === undefined) {
    return ['# Superset\'s own login (the identity tier is off); the init Job creates the admin user.', 'AUTH_TYPE = AUTH_DB', 'AUTH_USER_REGISTRATION = False'];
  }
  // FAB's `keycloak` provider reads preferred_username, names, email and the `groups` claim (role keys)
  // from the userinfo endpoint. Browsers use the public issuer; the pod talks to Keycloak's Service.
  // @see https://flask-appbuilder.readthedocs.io/en/latest/security.html#authentication-oauth
  const roles = rolesMappingLines();
  return [
    'AUTH_TYPE = AUTH_OAUTH',
    'OAUTH_PROVIDERS = [',
    '    {',
    '        "name": "keycloak",',
    '        "icon": "fa-key",',
    '        "token_key": "access_token",',
    '        "remote_app": {',
    `            "client_id": ${JSON.stringify(sso.clientId)},`,
    `            "client_secret": os.environ["${SUPERSET_ENV.oidcClientSecret}"],`,
    `            "api_base_url": ${JSON.stringify(`${sso.internalIssuer}/protocol/`)},`,
    `            "access_token_url": ${JSON.stringify(`${sso.internalIssuer}/protocol/openid-connect/token`)},`,
    `            "authorize_url": ${JSON.stringify(`${sso.issuer}/protocol/openid-connect/auth`)},`,
    `            "jwks_uri": ${JSON.stringify(`${sso.internalIssuer}/protocol/openid-connect/certs`)},`,
    '            "client_kwargs": {"scope": "openid email profile"},',
    '        },',
    '    }',
    ']',
    'AUTH_USER_REGISTRATION = True',
    'AUTH_USER_REGISTRATION_ROLE = "Gamma"',
    'AUTH_ROLES_SYNC_AT_LOGIN = True',
    'AUTH_ROLES_MAPPING = {',
    ...roles,
    '}',
    ...validateLoginSection(),
  ];
}

/**
 * FAB's REST API login takes the `db` provider next to OAuth only with
 * AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS (its login schema refuses a provider other than the
 * AUTH_TYPE's otherwise). The security manager then admits a password login for the validate
 * service user alone, so the realm stays the only way in for people even if a user who came
 * through Keycloak were given a password (FAB 5 stores a random one for them). The custom manager
 * is Superset's extension point (CUSTOM_SECURITY_MANAGER).
 * @see https://flask-appbuilder.readthedocs.io/en/latest/config.html (AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS)
 * @see https://superset.apache.org/docs/configuration/configuring-superset/#custom-oauth2-configuration
 */
function validateLoginSection(): string[] {
  return [
    '',
    '# `datalyptica validate` logs in through the API as its service user (password from the secrets plan).',
    'AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS = True',
    '',
    'from superset.security import SupersetSecurityManager',
    '',
    '',
    'class DatalypticaSecurityManager(SupersetSecurityManager):',
    '    def auth_user_db(self, username, password):',
    `        if username != ${JSON.stringify(SUPERSET_VALIDATE_USER)} or not password:`,
    '            return None',
    '        return super().auth_user_db(username, password)',
    '',
    '',
    'CUSTOM_SECURITY_MANAGER = DatalypticaSecurityManager',
  ];
}

/**
 * Database OAuth2 for Trino: the first query a user runs sends them through the realm (already
 * logged in, so no prompt), Superset stores their token and refreshes it, and Trino sees the user.
 * Keycloak takes form-encoded token requests (`request_content_type: data`).
 * @see https://superset.apache.org/docs/configuration/databases/#oauth2
 */
function databaseOAuth2Section(sso: SupersetConfigInput['sso'], trino: SupersetConfigInput['trinoOAuth2']): string[] {
  if (sso === undefined || trino === undefined) return [];
  return [
    `DATABASE_OAUTH2_REDIRECT_URI = ${JSON.stringify(trino.redirectUri)}`,
    'DATABASE_OAUTH2_CLIENTS = {',
    '    "Trino": {',
    `        "id": ${JSON.stringify(sso.clientId)},`,
    `        "secret": os.environ["${SUPERSET_ENV.oidcClientSecret}"],`,
    '        "scope": "openid",',
    `        "redirect_uri": ${JSON.stringify(trino.redirectUri)},`,
    `        "authorization_request_uri": ${JSON.stringify(`${sso.issuer}/protocol/openid-connect/auth`)},`,
    `        "token_request_uri": ${JSON.stringify(`${sso.internalIssuer}/protocol/openid-connect/token`)},`,
    '        "request_content_type": "data",',
    '    },',
    '}',
  ];
}

/**
 * With the HTTPS backchannel, every `requests` call (FAB's login through authlib, the database
 * OAuth2 token exchange) must trust Keycloak's CA without losing the public ones (alert and report
 * webhooks): the config, which every Superset process imports first, writes certifi's bundle plus
 * that CA into /tmp (atomically: gunicorn workers import it concurrently) and points
 * REQUESTS_CA_BUNDLE at it.
 * @see https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification
 */
function caBundleSection(caFile: string | undefined): string[] {
  if (caFile === undefined) return [];
  return [
    '# Public CAs plus the CA of Keycloak\'s certificate (the in-cluster HTTPS backchannel).',
    'import certifi',
    '',
    `_CA_BUNDLE = "${SUPERSET_CA_BUNDLE}"`,
    '_CA_PART = f"{_CA_BUNDLE}.{os.getpid()}"',
    'with open(_CA_PART, "w") as _bundle:',
    `    for _source in (certifi.where(), ${JSON.stringify(caFile)}):`,
    '        with open(_source) as _pem:',
    '            _bundle.write(_pem.read().strip() + "\\n")',
    'os.replace(_CA_PART, _CA_BUNDLE)',
    'os.environ["REQUESTS_CA_BUNDLE"] = _CA_BUNDLE',
    '',
  ];
}

/** Where superset_config.py writes the combined CA bundle (the pods' /tmp emptyDir). */
export const SUPERSET_CA_BUNDLE = '/tmp/datalyptica-ca-bundle.pem';

/** The whole `superset_config.py`. Pure. */
export function supersetConfig(input: SupersetConfigInput): string {
  const flags = { ...DEFAULT_FEATURE_FLAGS, ...input.featureFlags };
  const redisUrl = (db: number) => `_url("redis", "", _REDIS_PASSWORD, "${input.redis.host}", ${input.redis.port}, "${db}")`;
  const cache = (prefix: string, timeout: number) =>
    `{"CACHE_TYPE": "RedisCache", "CACHE_DEFAULT_TIMEOUT": ${timeout}, "CACHE_KEY_PREFIX": "${prefix}", "CACHE_REDIS_URL": ${redisUrl(REDIS_DB.cache)}}`;
  const lines = [
    '# Rendered by Datalyptica from components.superset; credentials come from the environment.',
    'import os',
    'from urllib.parse import quote',
    '',
    'from cachelib.redis import RedisCache',
    'from celery.schedules import crontab',
    'from flask_appbuilder.security.manager import AUTH_DB, AUTH_OAUTH',
    '',
    `SECRET_KEY = os.environ["${SUPERSET_ENV.secretKey}"]`,
    '',
    '',
    '# Built from parts so that no URL in this file ever holds a credential.',
    'def _url(scheme, user, password, host, port, path):',
    '    return f"{scheme}://{quote(user, safe=\'\')}:{quote(password, safe=\'\')}@{host}:{port}/{path}"',
    '',
    '',
    `SQLALCHEMY_DATABASE_URI = _url(`,
    `    "postgresql+psycopg2", os.environ["${SUPERSET_ENV.dbUser}"], os.environ["${SUPERSET_ENV.dbPassword}"],`,
    `    "${input.database.host}", ${input.database.port}, "${input.database.name}",`,
    ')',
    '',
    `_REDIS_PASSWORD = os.environ["${SUPERSET_ENV.redisPassword}"]`,
    `CACHE_CONFIG = ${cache('superset_', 300)}`,
    `DATA_CACHE_CONFIG = ${cache('superset_data_', input.cacheTimeoutSeconds)}`,
    `FILTER_STATE_CACHE_CONFIG = ${cache('superset_filter_', 86400)}`,
    `EXPLORE_FORM_DATA_CACHE_CONFIG = ${cache('superset_explore_', 86400)}`,
    `RESULTS_BACKEND = RedisCache(host="${input.redis.host}", port=${input.redis.port}, password=os.environ["${SUPERSET_ENV.redisPassword}"], db=${REDIS_DB.results}, key_prefix="superset_results")`,
    '',
    '',
    'class CeleryConfig:',
    `    broker_url = ${redisUrl(REDIS_DB.celery)}`,
    `    result_backend = ${redisUrl(REDIS_DB.celery)}`,
    '    imports = ("superset.sql_lab", "superset.tasks.scheduler")',
    '    worker_prefetch_multiplier = 1',
    '    task_acks_late = False',
    '    beat_schedule = {',
    '        "reports.scheduler": {"task": "reports.scheduler", "schedule": crontab(minute="*", hour="*")},',
    '        "reports.prune_log": {"task": "reports.prune_log", "schedule": crontab(minute=10, hour=0)},',
    '    }',
    '',
    '',
    'CELERY_CONFIG = CeleryConfig',
    `FEATURE_FLAGS = ${pythonDict(flags)}`,
    '',
    '# Behind the OpenShift router / ingress controller, which terminates TLS.',
    'ENABLE_PROXY_FIX = True',
    'PREFERRED_URL_SCHEME = "https"',
    'SESSION_COOKIE_SECURE = True',
    'SESSION_COOKIE_HTTPONLY = True',
    'SESSION_COOKIE_SAMESITE = "Lax"',
    'WTF_CSRF_ENABLED = True',
    'SQLLAB_CTAS_NO_LIMIT = True',
    '',
    ...caBundleSection(input.sso?.caFile),
    ...authSection(input.sso),
    '',
    ...databaseOAuth2Section(input.sso, input.trinoOAuth2),
    '',
  ];
  return lines.join('\n');
}
