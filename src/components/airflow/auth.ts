import type { BuildContext } from '../../model/build-context.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient, ssoClientSecret, type SsoGroup } from '../../model/sso.ts';
import type { AirflowOptions } from './options.ts';
import { generatedLogin } from '../../platform/generated-login.ts';

/** The client id in the platform realm. */
export const OIDC_CLIENT_ID = 'airflow';
/** The client secret in Airflow's namespace (key `client-secret`), shared with the realm import. */
export const OIDC_SECRET = 'airflow-oidc';
/** The env var the api-server reads the client secret from (webserver_config.py). */
export const OIDC_SECRET_ENV = 'AIRFLOW_OIDC_CLIENT_SECRET';
export { SSO_CLIENT_SECRET_KEY as OIDC_SECRET_KEY };
/** The first admin's login for password mode (keys `username`, `password`). */
export const ADMIN_SECRET = 'airflow-admin';
export const ADMIN_USER = 'admin';
/** The validate service user's login (keys `username`, `password`), role Viewer, made by the migration Job. */
export const VALIDATE_SECRET = 'airflow-validate';
export const VALIDATE_USER = 'datalyptica-validate';
/** Where the api-server reads FAB's settings ($AIRFLOW_HOME/webserver_config.py, the file the FAB auth manager loads). */
export const WEBSERVER_CONFIG_PATH = '/opt/airflow/webserver_config.py';

/**
 * Platform groups → Airflow's built-in FAB roles (one each, no union).
 * @see https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/auth-manager/access-control.html
 */
export const ROLE_MAPPING: Readonly<Record<string, readonly SsoGroup[]>> = {
  Admin: ['admins'],
  Op: ['engineers'],
  User: ['analysts'],
  Viewer: ['viewers'],
};

/** The Python literal of FAB's AUTH_ROLES_MAPPING: both `group` and Keycloak's full-path `/group` claim forms. */
function rolesMappingPython(): string {
  const lines: string[] = [];
  for (const [role, groups] of Object.entries(ROLE_MAPPING)) {
    for (const group of groups) {
      lines.push(`    "${group}": ["${role}"],`, `    "/${group}": ["${role}"],`);
    }
  }
  return `{\n${lines.join('\n')}\n}`;
}

/**
 * webserver_config.py for the FAB auth manager. With the identity tier: OAuth through Keycloak
 * (FAB's `keycloak` provider reads `groups` from the userinfo endpoint into role keys), roles
 * synced at every login, unknown users registered with no rights (`Public`) until a group maps
 * them. Without it: FAB's password login against its own user table, the first admin created by
 * the migration Job. The client secret comes from the env, never from this file.
 * @see https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/auth-manager/webserver-authentication.html
 * @see https://flask-appbuilder.readthedocs.io/en/latest/security.html#authentication-oauth
 */
export function webserverConfig(ctx: BuildContext<AirflowOptions>): string {
  if (!ctx.sso.enabled) {
    return [
      '# Rendered by datalyptica: password login (FAB database users).',
      'from flask_appbuilder.security.manager import AUTH_DB',
      '',
      'AUTH_TYPE = AUTH_DB',
      'AUTH_USER_REGISTRATION = False',
      'WTF_CSRF_ENABLED = True',
      '',
    ].join('\n');
  }
  const issuer = ctx.sso.internalIssuer;
  return [
    '# Rendered by datalyptica: login through the platform realm (Keycloak).',
    'import os',
    '',
    'from flask_appbuilder.security.manager import AUTH_OAUTH',
    '',
    'AUTH_TYPE = AUTH_OAUTH',
    'AUTH_USER_REGISTRATION = True',
    'AUTH_USER_REGISTRATION_ROLE = "Public"',
    'AUTH_ROLES_SYNC_AT_LOGIN = True',
    `AUTH_ROLES_MAPPING = ${rolesMappingPython()}`,
    'WTF_CSRF_ENABLED = True',
    'OAUTH_PROVIDERS = [',
    '    {',
    '        "name": "keycloak",',
    '        "icon": "fa-key",',
    '        "token_key": "access_token",',
    '        "remote_app": {',
    `            "client_id": "${OIDC_CLIENT_ID}",`,
    `            "client_secret": os.environ["${OIDC_SECRET_ENV}"],`,
    `            "server_metadata_url": "${issuer}/.well-known/openid-configuration",`,
    `            "api_base_url": "${issuer}/protocol/",`,
    // authlib sets `verify` on its requests session: discovery, tokens, user info and keys trust
    // Keycloak's CA over the HTTPS backchannel (only that CA; the session calls nothing else).
    `            "client_kwargs": {"scope": "openid email profile"${ctx.sso.trust ? `, "verify": "${ctx.sso.trust.caFile}"` : ''}},`,
    '        },',
    '    }',
    ']',
    '',
  ].join('\n');
}

/** The realm client (only with the identity tier). */
export function ssoClients(ctx: BuildContext<AirflowOptions>): SsoClient[] {
  if (!ctx.sso.enabled) return [];
  const base = `https://${ctx.host('airflow')}`;
  return [
    {
      clientId: OIDC_CLIENT_ID,
      component: 'airflow',
      type: 'confidential',
      description: 'Airflow UI login (FAB auth manager, OAuth)',
      redirectUris: [`${base}/auth/oauth-authorized/keycloak`],
      postLogoutRedirectUris: [`${base}/`],
      secret: { name: OIDC_SECRET, namespace: ctx.namespace },
      roleMapping: ROLE_MAPPING,
    },
  ];
}

function validateSecret(ctx: BuildContext<AirflowOptions>): SecretRequirement {
  return generatedLogin({
    name: VALIDATE_SECRET,
    namespace: ctx.namespace,
    username: VALIDATE_USER,
    description: `Airflow service user \`${VALIDATE_USER}\` (role Viewer), made by the migration Job: \`datalyptica validate\` takes an API token with it and lists DAGs`,
    consumers: ['airflow'],
  });
}

/** The login Secrets: the OIDC client secret, or the first admin's password; and the validate user's. */
export function authSecrets(ctx: BuildContext<AirflowOptions>): SecretRequirement[] {
  return [...loginSecrets(ctx), validateSecret(ctx)];
}

function loginSecrets(ctx: BuildContext<AirflowOptions>): SecretRequirement[] {
  if (ctx.sso.enabled) {
    return [
      ssoClientSecret({
        name: OIDC_SECRET,
        namespace: ctx.namespace,
        clientId: OIDC_CLIENT_ID,
        consumers: ['airflow'],
        description: `client secret of the ${OIDC_CLIENT_ID} client in realm ${ctx.sso.realm} (the realm import reads the same value in the identity namespace)`,
      }),
    ];
  }
  return [
    generatedLogin({
      name: ADMIN_SECRET,
      namespace: ctx.namespace,
      username: ADMIN_USER,
      description: 'the first Airflow admin (FAB password login), created by the migration Job',
      consumers: ['airflow'],
    }),
  ];
}
