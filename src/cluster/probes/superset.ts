import type { Probe } from '../../model/live-check.ts';
import { ApiSession } from './api-session.ts';
import { ProbeFailure, describeTarget, withReach, type ProbeContext } from './context.ts';

type SupersetProbe = Extract<Probe, { type: 'superset-sql' }>;

interface DatabaseList {
  readonly result?: readonly { readonly id: number; readonly database_name: string }[];
}

interface ExecuteAnswer {
  readonly status?: string;
  readonly data?: readonly Record<string, unknown>[];
  readonly query?: { readonly errorMessage?: string | null };
}

/**
 * Logs in, takes a CSRF token in the same session (Flask-WTF binds it to the session cookie and
 * checks the Referer), finds the database by name and runs the statement synchronously in SQL Lab.
 * @see https://superset.apache.org/docs/api (security/login, security/csrf_token, database, sqllab/execute)
 */
export async function supersetProbe(probe: SupersetProbe, ctx: ProbeContext): Promise<string> {
  const username = await ctx.secret(probe.username);
  const password = await ctx.secret(probe.password);
  return withReach(ctx, probe.endpoint, async (reached) => {
    const api = new ApiSession(reached, describeTarget(probe.endpoint), ctx);
    const login = await api.json<{ access_token?: string }>('POST', '/api/v1/security/login', { json: { username, password, provider: 'db', refresh: false } });
    if (typeof login.access_token !== 'string') throw new ProbeFailure(`${api.base}/api/v1/security/login issued no access token`);
    api.setHeader('authorization', `Bearer ${login.access_token}`);
    const csrf = await api.json<{ result?: string }>('GET', '/api/v1/security/csrf_token/');
    if (typeof csrf.result !== 'string') throw new ProbeFailure(`${api.base}/api/v1/security/csrf_token/ returned no token`);
    api.setHeader('x-csrftoken', csrf.result);
    api.setHeader('referer', `${api.base}/sqllab/`);

    const list = await api.json<DatabaseList>('GET', `/api/v1/database/?q=${encodeURIComponent('(page_size:100)')}`);
    const database = (list.result ?? []).find((d) => d.database_name === probe.database);
    if (database === undefined) {
      throw new ProbeFailure(`Superset has no database named ${probe.database} (it has: ${(list.result ?? []).map((d) => d.database_name).join(', ') || 'none'}); the init Job registers it`);
    }
    const answer = await api.json<ExecuteAnswer>('POST', '/api/v1/sqllab/execute/', {
      json: { database_id: database.id, sql: probe.sql, runAsync: false, tab: 'datalyptica-validate', expand_data: true, select_as_cta: false, queryLimit: 10 },
    });
    if (answer.status !== 'success') throw new ProbeFailure(`SQL Lab ran "${probe.sql}" on ${probe.database} with status ${answer.status ?? 'none'}${answer.query?.errorMessage ? `: ${answer.query.errorMessage}` : ''}`);
    if ((answer.data ?? []).length === 0) throw new ProbeFailure(`SQL Lab ran "${probe.sql}" on ${probe.database} and got no row`);
    return `logged in to ${api.base} and ran "${probe.sql}" on database ${probe.database} (id ${database.id}) through SQL Lab: ${JSON.stringify(answer.data![0])}`;
  });
}
