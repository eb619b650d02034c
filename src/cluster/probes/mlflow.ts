import { randomUUID } from 'node:crypto';
import type { Probe } from '../../model/live-check.ts';
import { ApiSession } from './api-session.ts';
import { ProbeFailure, describeTarget, withReach, type ProbeContext } from './context.ts';
import { clientCredentialsToken } from './oidc.ts';

type MlflowProbe = Extract<Probe, { type: 'mlflow-artifact' }>;

interface RunInfo {
  readonly run_id: string;
  readonly experiment_id: string;
  readonly artifact_uri: string;
}

/** The proxied artifact API path of a file under a run's `mlflow-artifacts:` URI (`mlflow-artifacts:/1/<run>/artifacts`, optionally with a host). */
export function proxiedArtifactPath(artifactUri: string, file: string): string | undefined {
  const match = /^mlflow-artifacts:(?:\/\/[^/]+)?\/(.*)$/.exec(artifactUri);
  if (match === null) return undefined;
  const parts = [...match[1]!.split('/').filter((p) => p.length > 0), file];
  return `/api/2.0/mlflow-artifacts/artifacts/${parts.map(encodeURIComponent).join('/')}`;
}

/**
 * The `Authorization` header: basic auth with MLflow's admin account, or a realm access token of
 * the check's service client (oauth2-proxy's `--skip-jwt-bearer-tokens` admits it when it carries
 * the `mlflow` audience and MLflow's `user` client role).
 * @see https://oauth2-proxy.github.io/oauth2-proxy/configuration/overview
 */
async function authorizationOf(probe: MlflowProbe, ctx: ProbeContext): Promise<string> {
  if ('token' in probe) return `Bearer ${(await clientCredentialsToken(probe.token, ctx)).accessToken}`;
  const username = await ctx.secret(probe.username);
  const password = await ctx.secret(probe.password);
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * Creates a run (and the experiment when missing), uploads one file through the proxied artifact
 * API, reads it back and compares it; then deletes the file and the run. The tracking server writes
 * the file to its artifact destination (the `apps` bucket), so this exercises the S3 path too.
 * @see https://mlflow.org/docs/latest/api_reference/rest-api.html
 */
export async function mlflowProbe(probe: MlflowProbe, ctx: ProbeContext): Promise<string> {
  const authorization = await authorizationOf(probe, ctx);
  return withReach(ctx, probe.endpoint, async (reached) => {
    const api = new ApiSession(reached, describeTarget(probe.endpoint), ctx);
    api.setHeader('authorization', authorization);

    const experiment = await api.request('GET', `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(probe.experiment)}`);
    let experimentId: string;
    if (experiment.status === 200) {
      experimentId = (JSON.parse(experiment.body) as { experiment: { experiment_id: string } }).experiment.experiment_id;
    } else if (experiment.status === 404) {
      experimentId = (await api.json<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { json: { name: probe.experiment } })).experiment_id;
    } else {
      throw new ProbeFailure(`GET ${api.base}/api/2.0/mlflow/experiments/get-by-name answered ${experiment.status}: ${experiment.body.slice(0, 300).trim()}`);
    }

    const created = await api.json<{ run: { info: RunInfo } }>('POST', '/api/2.0/mlflow/runs/create', { json: { experiment_id: experimentId, run_name: 'datalyptica-validate', start_time: Date.now() } });
    const run = created.run.info;
    try {
      const path = proxiedArtifactPath(run.artifact_uri, 'datalyptica-validate.txt');
      if (path === undefined) throw new ProbeFailure(`run ${run.run_id} stores artifacts at ${run.artifact_uri}, not through the tracking server (mlflow-artifacts:): proxied artifacts are off`);
      const content = `datalyptica-validate ${randomUUID()}\n`;
      const put = await api.request('PUT', path, { body: content, headers: { 'content-type': 'text/plain' } });
      if (put.status !== 200) throw new ProbeFailure(`PUT ${api.base}${path} answered ${put.status}: ${put.body.slice(0, 300).trim()}`);
      const back = await api.request('GET', path);
      if (back.status !== 200) throw new ProbeFailure(`GET ${api.base}${path} answered ${back.status}: ${back.body.slice(0, 300).trim()}`);
      if (back.body !== content) throw new ProbeFailure(`GET ${api.base}${path} returned other content than was uploaded (${back.body.length} bytes)`);
      await api.request('DELETE', path).catch(() => undefined);
      const who = 'token' in probe ? ` with a realm token of ${probe.token.clientId}` : '';
      return `created run ${run.run_id} in experiment ${probe.experiment} at ${api.base}${who}, uploaded an artifact through the proxied artifact API and read it back`;
    } finally {
      await api.request('POST', '/api/2.0/mlflow/runs/delete', { json: { run_id: run.run_id } }).catch(() => undefined);
    }
  });
}
