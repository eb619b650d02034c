import type { Probe } from '../../model/live-check.ts';
import { ApiSession } from './api-session.ts';
import { ProbeFailure, describeTarget, withReach, type ProbeContext } from './context.ts';

type AirflowProbe = Extract<Probe, { type: 'airflow-api' }>;

/**
 * Takes a JWT from Airflow's auth manager (`POST /auth/token`: the FAB auth manager checks the
 * name and password against its user table, whatever the UI's login is) and lists DAGs with it
 * (`GET /api/v2/dags`, from the metadata database's DAG table).
 * @see https://airflow.apache.org/docs/apache-airflow/stable/security/api.html
 * @see https://airflow.apache.org/docs/apache-airflow/stable/stable-rest-api-ref.html
 */
export async function airflowProbe(probe: AirflowProbe, ctx: ProbeContext): Promise<string> {
  const username = await ctx.secret(probe.username);
  const password = await ctx.secret(probe.password);
  return withReach(ctx, probe.endpoint, async (reached) => {
    const api = new ApiSession(reached, describeTarget(probe.endpoint), ctx);
    const token = await api.json<{ access_token?: string }>('POST', '/auth/token', { json: { username, password }, expect: [200, 201] });
    if (typeof token.access_token !== 'string') throw new ProbeFailure(`${api.base}/auth/token issued no access token`);
    api.setHeader('authorization', `Bearer ${token.access_token}`);
    const dags = await api.json<{ total_entries?: number }>('GET', '/api/v2/dags?limit=1');
    if (typeof dags.total_entries !== 'number') throw new ProbeFailure(`GET ${api.base}/api/v2/dags answered without total_entries: not Airflow's DAG list`);
    return `took a token from ${api.base}/auth/token as ${username} and listed DAGs through /api/v2/dags (${dags.total_entries} in the metadata database)`;
  });
}
