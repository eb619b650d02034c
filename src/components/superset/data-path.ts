import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { generatedLogin } from '../../platform/generated-login.ts';
import { SUPERSET_VALIDATE_USER } from './config.ts';
import type { SupersetOptions } from './options.ts';

/** The validate service user's login (Keycloak login only), created by the init Job. */
export const SUPERSET_VALIDATE_SECRET = 'superset-validate';
/** Its roles: every database (Alpha) and SQL Lab (sql_lab), what engineers get through the realm. */
export const SUPERSET_VALIDATE_ROLES = ['Alpha', 'sql_lab'] as const;

export function supersetValidateSecret(ctx: BuildContext<SupersetOptions>): SecretRequirement {
  return generatedLogin({
    name: SUPERSET_VALIDATE_SECRET,
    namespace: ctx.namespace,
    username: SUPERSET_VALIDATE_USER,
    description: `Superset service user \`${SUPERSET_VALIDATE_USER}\` (roles ${SUPERSET_VALIDATE_ROLES.join(', ')}): \`datalyptica validate\` logs in with it through the REST API to run SELECT 1 in SQL Lab; the only password login Superset admits while users log in through Keycloak`,
    consumers: ['superset'],
  });
}

/**
 * The end-to-end checks: log in through the API and run `SELECT 1` through SQL Lab on each
 * registered database the login may query (web → database, with Superset's driver and stored
 * connection). With Superset's own login as its admin; with Keycloak as the service user
 * {@link SUPERSET_VALIDATE_USER}. A Trino database with database OAuth2 is left out: its queries
 * run with the token each person gives Superset in the browser, which a service user has not.
 */
export function supersetDataPathChecks(
  ctx: BuildContext<SupersetOptions>,
  input: { registered: readonly string[]; endpoint: { namespace: string; service: string; port: number }; adminSecret: string; trinoPerUserOAuth2: boolean },
): LiveCheck[] {
  const secret = ctx.sso.enabled ? SUPERSET_VALIDATE_SECRET : input.adminSecret;
  const who = ctx.sso.enabled ? `its service user ${SUPERSET_VALIDATE_USER}` : 'its own admin';
  const ref = (key: string) => ({ namespace: ctx.namespace, name: secret, key });
  return input.registered
    .filter((name) => name !== 'Trino' || !input.trinoPerUserOAuth2)
    .map((name) => ({
      id: `superset.sql-${name.toLowerCase()}`,
      group: 'data' as const,
      title: `Superset runs SELECT 1 on its ${name} database through SQL Lab (API login as ${who})`,
      probe: { type: 'superset-sql' as const, endpoint: input.endpoint, username: ref('username'), password: ref('password'), database: name, sql: 'SELECT 1' },
      timeoutSeconds: 60,
    }));
}
