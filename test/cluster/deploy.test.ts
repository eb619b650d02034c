import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { connect } from '../../src/cluster/connection.ts';
import { deployError, deployPlatform, type DeployEvent } from '../../src/cluster/deploy.ts';
import { diffPlatform } from '../../src/cluster/diff.ts';
import { platformStatus } from '../../src/cluster/status.ts';
import { planUninstall, runUninstall } from '../../src/cluster/uninstall.ts';
import { isDatalypticaError } from '../../src/errors.ts';
import { startSimCluster, writeKubeconfig, type SimCluster } from '../support/sim-api-server/index.ts';
import { fixturePlatform } from './fixture.ts';

const clusters: SimCluster[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
});

async function setup(options: Parameters<typeof startSimCluster>[1] = {}, target: 'openshift' | 'kubernetes' = 'kubernetes') {
  const platform = fixturePlatform(target);
  const sim = await startSimCluster(platform, options);
  clusters.push(sim);
  const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
  const events: DeployEvent[] = [];
  const run = (extra: Partial<Parameters<typeof deployPlatform>[0]> = {}) =>
    deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5, onEvent: (e) => events.push(e), ...extra });
  return { platform, sim, connection, events, run };
}

const firstIndex = (events: readonly DeployEvent[], type: DeployEvent['type'], step: string): number => events.findIndex((e) => e.type === type && 'step' in e && e.step === step);

describe('deploy against the simulated API server', () => {
  it('applies operators before their custom resources and dependencies before dependents', async () => {
    const { run, events, sim } = await setup();
    const result = await run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.ok(firstIndex(events, 'step-done', 'operator:cloudnative-pg') < firstIndex(events, 'step-start', 'component:postgres'));
    assert.ok(firstIndex(events, 'step-done', 'component:postgres') < firstIndex(events, 'step-start', 'component:nessie'));
    assert.ok(firstIndex(events, 'step-done', 'platform') < firstIndex(events, 'step-start', 'component:redis'));
    const cluster = sim.server.get('postgresql.cnpg.io/v1', 'Cluster', 'pg', 'datalyptica-system');
    assert.equal(cluster?.metadata.managedFields?.[0]?.manager, 'datalyptica');
  });

  it('runs independent components in parallel', async () => {
    const { run, events } = await setup({ delayMs: (o) => (o.kind === 'StatefulSet' ? 80 : 5) });
    await run();
    // redis starts before object-storage (slow StatefulSet) is done: they do not wait for each other.
    assert.ok(firstIndex(events, 'step-start', 'component:redis') < firstIndex(events, 'step-done', 'component:object-storage'));
  });

  it('converges on a re-run without re-applying what is already there', async () => {
    const { run, events } = await setup();
    assert.equal((await run()).ok, true);
    events.length = 0;
    const second = await run();
    assert.equal(second.ok, true);
    assert.equal(events.filter((e) => e.type === 'applied').length, 0);
    assert.ok(events.filter((e) => e.type === 'unchanged').length > 0);
  });

  it('names the stuck object, its last condition and what it blocks on a timeout', async () => {
    const { run } = await setup({ hold: new Set(['Cluster/pg']) });
    const result = await run({ phaseTimeoutSeconds: 0.3 });
    assert.equal(result.ok, false);
    const error = deployError(result)!;
    assert.equal(error.code, 'DL_DEPLOY_TIMEOUT');
    const text = error.details.join('\n');
    assert.match(text, /Cluster\/pg \(datalyptica-system\)/);
    assert.match(text, /blocks: component:nessie/);
    assert.equal(result.steps.find((s) => s.id === 'component:nessie')?.state, 'blocked');
  });

  it('fails fast naming the object when a controller reports failure', async () => {
    const { run } = await setup({ fail: new Set(['Deployment/cache']) });
    const result = await run();
    const redis = result.steps.find((s) => s.id === 'component:redis');
    assert.equal(redis?.state, 'failed');
    assert.match(redis!.stuck[0]!.reason, /ProgressDeadlineExceeded/);
    assert.equal(result.steps.find((s) => s.id === 'component:nessie')?.state, 'done');
  });

  it('retries 429 with Retry-After and 500, and resumes dropped watches', async () => {
    const { run, sim } = await setup();
    sim.server.faults.push({ match: (r) => r.method === 'PATCH' && r.path.includes('/deployments/nessie'), status: 429, headers: { 'Retry-After': '0' }, times: 2 });
    sim.server.faults.push({ match: (r) => r.method === 'PATCH' && r.path.includes('/configmaps/'), status: 500, times: 1 });
    sim.server.faults.push({ match: (r) => r.query.get('watch') === '1' && r.path.includes('statefulsets'), dropWatchAfterMs: 1, times: 3 });
    const result = await run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
  });

  it('re-lists after 410 Gone and still sees the object turn ready', async () => {
    const { run, sim } = await setup({ delayMs: () => 30 });
    sim.server.faults.push({ match: (r) => r.query.get('watch') === '1' && r.path.includes('deployments'), dropWatchAfterMs: 5, times: 2 });
    setTimeout(() => sim.server.compact(), 10);
    assert.equal((await run()).ok, true);
  });

  it('reports a field owned by another manager with that manager, and takes it with --force-conflicts', async () => {
    const { run, sim, connection } = await setup();
    await run();
    const live = sim.server.get('v1', 'ConfigMap', 'nessie', 'datalyptica-catalog')!;
    sim.server.put({ ...live, data: { 'quarkus.log.level': 'DEBUG' }, metadata: { ...live.metadata, annotations: {}, managedFields: [{ manager: 'kubectl-edit', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { '.data.quarkus.log.level': {} } }] } });
    const result = await run();
    const nessie = result.steps.find((s) => s.id === 'component:nessie')!;
    assert.equal(nessie.state, 'failed');
    assert.match(nessie.message ?? '', /kubectl-edit/);
    assert.equal((await run({ forceConflicts: true })).ok, true);
    const taken = await connection.client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'nessie', namespace: 'datalyptica-catalog' });
    assert.deepEqual(taken?.['data'], { 'quarkus.log.level': 'INFO' });
  });

  it('installs OLM operators through Subscriptions on OpenShift and waits for the CSV', async () => {
    const { run, sim } = await setup({}, 'openshift');
    const result = await run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.equal(sim.server.get('operators.coreos.com/v1alpha1', 'ClusterServiceVersion', 'cloudnative-pg.v1.0.0', 'openshift-operators')?.['status'] !== undefined, true);
  });

  it('persists nothing on a server-side dry run', async () => {
    const { run, sim } = await setup();
    const result = await run({ dryRun: true });
    assert.equal(result.ok, true);
    assert.equal(sim.server.list('Deployment').length, 0);
  });
});

describe('diff, status and uninstall', () => {
  it('diff lists pending changes before deploy and none after', async () => {
    const { run, connection, platform } = await setup();
    const before = await diffPlatform({ client: connection.client, platform });
    assert.ok(before.some((d) => d.object.startsWith('Deployment/nessie') && d.action === 'create'));
    await run();
    const afterDeploy = await diffPlatform({ client: connection.client, platform });
    assert.deepEqual(afterDeploy.map((d) => d.object), []);
  });

  it('status reports absent before deploy and ready after, per component', async () => {
    const { run, connection, platform } = await setup();
    const before = await platformStatus({ client: connection.client, platform });
    assert.ok(before.every((c) => c.state === 'absent'));
    await run();
    const afterDeploy = await platformStatus({ client: connection.client, platform });
    assert.deepEqual(afterDeploy.map((c) => `${c.component}=${c.state}`).sort(), ['nessie=ready', 'object-storage=ready', 'postgres=ready', 'redis=ready']);
  });

  it('uninstall keeps data holders and their namespaces, deletes the rest, and waits for finalizers', async () => {
    const { run, connection, platform, sim } = await setup();
    await run();
    const dep = sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog')!;
    sim.server.put({ ...dep, metadata: { ...dep.metadata, finalizers: ['example.com/cleanup'] } });
    const plan = await planUninstall({ client: connection.client, platform });
    assert.ok(plan.kept.some((k) => k.object.startsWith('PersistentVolumeClaim/store-data')));
    assert.ok(plan.kept.some((k) => k.object.startsWith('Cluster/pg')));
    assert.ok(plan.kept.some((k) => k.object === 'Namespace/datalyptica-system'));
    setTimeout(() => sim.server.removeFinalizers('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog'), 50);
    const result = await runUninstall({ client: connection.client, platform }, plan);
    assert.deepEqual(result.stuck, []);
    assert.equal(sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog'), undefined);
    assert.ok(sim.server.get('v1', 'PersistentVolumeClaim', 'store-data', 'datalyptica-system'));
    assert.ok(sim.server.get('postgresql.cnpg.io/v1', 'Cluster', 'pg', 'datalyptica-system'));
  });

  it('uninstall with purge-data deletes volumes too, and plans nothing when nothing is left', async () => {
    const { run, connection, platform, sim } = await setup();
    await run();
    const plan = await planUninstall({ client: connection.client, platform, purgeData: true });
    await runUninstall({ client: connection.client, platform, purgeData: true }, plan);
    assert.equal(sim.server.get('v1', 'PersistentVolumeClaim', 'store-data', 'datalyptica-system'), undefined);
    const again = await planUninstall({ client: connection.client, platform, purgeData: true });
    assert.equal(again.batches.length, 0);
  });
});

describe('connect', () => {
  it('reports wrong credentials as unauthorised, naming server and context', async () => {
    const { sim } = await setup();
    const file = writeKubeconfig(sim.server.url, { token: 'wrong', context: 'prod' });
    await assert.rejects(connect({ kubeconfig: file }), (error: unknown) => isDatalypticaError(error) && error.code === 'DL_CLUSTER_UNAUTHORIZED' && error.message.includes(sim.server.url) && error.message.includes('"prod"'));
  });

  it('reports an unreachable server quickly with a login hint', async () => {
    const file = writeKubeconfig('http://127.0.0.1:9', {});
    await assert.rejects(connect({ kubeconfig: file, probeTimeoutMs: 1000 }), (error: unknown) => isDatalypticaError(error) && error.code === 'DL_CLUSTER_UNREACHABLE' && /oc login/.test(error.hint ?? ''));
  });
});
