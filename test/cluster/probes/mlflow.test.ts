import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowProbe, proxiedArtifactPath } from '../../../src/cluster/probes/mlflow.ts';
import { MLFLOW_VERSION } from '../../../src/components/mlflow/versions.ts';
import { startMlflow, type LiveMlflow } from '../../support/live-mlflow.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-analytics';
const endpoint = { namespace: NS, service: 'mlflow', port: 5000 };
const secret = (key: string) => ({ namespace: NS, name: 'mlflow-admin', key });
const probe = { type: 'mlflow-artifact' as const, endpoint, username: secret('username'), password: secret('password'), experiment: 'datalyptica-validate' };

describe('proxied artifact paths', () => {
  it('map a run\'s mlflow-artifacts: URI (with or without a host) to the artifact API, and nothing else', () => {
    assert.equal(proxiedArtifactPath('mlflow-artifacts:/1/0a1b/artifacts', 'x.txt'), '/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/x.txt');
    assert.equal(proxiedArtifactPath('mlflow-artifacts://mlflow:5000/1/0a1b/artifacts', 'x.txt'), '/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/x.txt');
    assert.equal(proxiedArtifactPath('s3://apps/mlflow/1/0a1b/artifacts', 'x.txt'), undefined);
  });
});

describe('the MLflow server the suites run', () => {
  it('is the platform\'s MLflow version (mlflow-skinny pinned in the requirements .ci/run installs)', () => {
    const requirements = readFileSync(join(import.meta.dirname, '..', '..', 'support', 'mlflow-requirements.txt'), 'utf8');
    assert.match(requirements, new RegExp(`^mlflow-skinny==${MLFLOW_VERSION.replaceAll('.', '\\.')}$`, 'm'));
  });
});

// A real `mlflow server` from PyPI (basic-auth app, proxied artifacts), not a stand-in.
const server = await startMlflow({ allowedHosts: `mlflow.${NS}.svc:5000,localhost,localhost:*,127.0.0.1:*` });
const skip = 'skip' in server ? server.skip : false;

describe('the MLflow artifact probe against a real MLflow tracking server', { skip }, () => {
  let live: LiveMlflow;
  before(() => {
    live = server as LiveMlflow;
  });
  after(async () => {
    await live?.stop();
  });
  const ctx = (password?: string) =>
    probeContext({
      reach: localReach({ [`mlflow.${NS}:5000`]: live.port }),
      secrets: { [`${NS}/mlflow-admin/username`]: live.admin.username, [`${NS}/mlflow-admin/password`]: password ?? live.admin.password },
      timeoutMs: 60_000,
    });

  it('creates the experiment and a run, uploads an artifact through the proxied API and reads it back', async () => {
    const message = await mlflowProbe(probe, ctx());
    assert.match(message, /created run [0-9a-f]{32} in experiment datalyptica-validate .*uploaded an artifact through the proxied artifact API and read it back/);
  });

  it('reuses the experiment on the next run and deletes its runs after', async () => {
    await mlflowProbe(probe, ctx());
    const auth = `Basic ${Buffer.from(`${live.admin.username}:${live.admin.password}`).toString('base64')}`;
    const headers = { authorization: auth, 'content-type': 'application/json', host: 'localhost' };
    const experiment = (await (await fetch(`http://127.0.0.1:${live.port}/api/2.0/mlflow/experiments/get-by-name?experiment_name=datalyptica-validate`, { headers })).json()) as { experiment: { experiment_id: string } };
    const search = (await (await fetch(`http://127.0.0.1:${live.port}/api/2.0/mlflow/runs/search`, { method: 'POST', headers, body: JSON.stringify({ experiment_ids: [experiment.experiment.experiment_id], run_view_type: 'ACTIVE_ONLY' }) })).json()) as { runs?: unknown[] };
    assert.equal((search.runs ?? []).length, 0, 'the probe deleted its runs');
  });

  it('fails with the server\'s 401 when the admin password is wrong', async () => {
    await assert.rejects(mlflowProbe(probe, ctx('not-the-password-at-all')), /answered 401/);
  });
});
