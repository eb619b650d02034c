import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { SupersetOptions } from './options.ts';

/**
 * The end-to-end check: Superset's own admin logs in through the API and runs `SELECT 1` on the
 * registered Trino database through SQL Lab (web → Trino, with Superset's driver and connection).
 * Only with Superset's own login: behind Keycloak there is no password account to log in with.
 */
export function supersetDataPathChecks(ctx: BuildContext<SupersetOptions>, input: { registered: readonly string[]; endpoint: { namespace: string; service: string; port: number }; adminSecret: string }): LiveCheck[] {
  if (ctx.sso.enabled || !input.registered.includes('Trino')) return [];
  const ref = (key: string) => ({ namespace: ctx.namespace, name: input.adminSecret, key });
  return [
    {
      id: 'superset.sql-trino',
      group: 'data',
      title: 'Superset runs SELECT 1 on its Trino database through SQL Lab (API login as its admin)',
      probe: { type: 'superset-sql', endpoint: input.endpoint, username: ref('username'), password: ref('password'), database: 'Trino', sql: 'SELECT 1' },
      timeoutSeconds: 60,
    },
  ];
}
