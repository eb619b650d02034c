import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ApplyConflict, KindNotServed, NamespaceMissing } from '../../src/cluster/client.ts';
import { connect } from '../../src/cluster/connection.ts';
import { deployError, type DeployEvent } from '../../src/cluster/deploy.ts';
import { diffPlatform } from '../../src/cluster/diff.ts';
import { platformStatus } from '../../src/cluster/status.ts';
import { planUninstall, runUninstall } from '../../src/cluster/uninstall.ts';
import { isDatalypticaError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { kubectl } from '../support/real-deploy.ts';
import { realApiServer } from '../support/real-api-server.ts';
import { realEngine, type Engine } from '../support/real-engine.ts';
import type { StandInOptions } from '../support/status-stand-in.ts';
import { tempDir } from '../support/temp.ts';

/**
 * The deploy engine, diff, status and uninstall on a small platform (test/cluster/fixture.ts: an operator from a
 * manifest and its custom resource, a data volume, dependent workloads) against the run's real API server. Each
 * test deploys its own instance (`namePrefix: engine<n>`, so its own namespaces) with its own status stand-in
 * (holds, failures, delays) and its own fault proxy.
 */
const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops) await stop();
});

async function engine(t: { skip(reason: string): void }, options: Omit<StandInOptions, 'endpoint' | 'namespaces'> = {}, target: 'openshift' | 'kubernetes' = 'kubernetes'): Promise<Engine | undefined> {
  const made = await realEngine(t, { standIn: options, target });
  if (made) stops.push(made.stop);
  return made;
}

const firstIndex = (events: readonly DeployEvent[], type: DeployEvent['type'], step: string): number => events.findIndex((e) => e.type === type && 'step' in e && e.step === step);
const get = (e: Engine, apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeObject | undefined> => e.server.client.get({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) });

describe('the deploy engine against a real kube-apiserver', () => {
  it('applies operators before their custom resources and dependencies before dependents, as field manager datalyptica', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.deepEqual(e.standIn.errors, []);
    assert.ok(firstIndex(e.events, 'step-done', 'operator:cloudnative-pg') < firstIndex(e.events, 'step-start', 'component:postgres'));
    assert.ok(firstIndex(e.events, 'step-done', 'component:postgres') < firstIndex(e.events, 'step-start', 'component:nessie'));
    assert.ok(firstIndex(e.events, 'step-done', 'platform') < firstIndex(e.events, 'step-start', 'component:redis'));
    const cluster = await get(e, 'postgresql.cnpg.io/v1', 'Cluster', 'pg', e.ns('system'));
    const managers = ((cluster?.metadata.managedFields ?? []) as { manager?: string; subresource?: string }[]).filter((m) => m.subresource !== 'status').map((m) => m.manager);
    assert.deepEqual(managers, ['datalyptica']);
  });

  it('runs independent components in parallel', async (t) => {
    const e = await engine(t, { delayMs: (o) => (o.kind === 'StatefulSet' ? 1500 : 20) });
    if (!e) return;
    assert.equal((await e.run()).ok, true);
    // redis starts before object-storage (slow StatefulSet) is done: they do not wait for each other.
    assert.ok(firstIndex(e.events, 'step-start', 'component:redis') < firstIndex(e.events, 'step-done', 'component:object-storage'));
  });

  it('converges on a re-run without a single write to the API server', async (t) => {
    const e = await engine(t);
    if (!e) return;
    assert.equal((await e.run()).ok, true);
    e.events.length = 0;
    const from = e.proxy.log.length;
    assert.equal((await e.run()).ok, true);
    assert.equal(e.events.filter((ev) => ev.type === 'applied').length, 0);
    assert.ok(e.events.filter((ev) => ev.type === 'unchanged').length >= e.platform.objects.length);
    assert.deepEqual(e.proxy.writes(from).map((r) => `${r.method} ${r.path}`), []);
  });

  it('names the stuck object, its last condition and what it blocks on a timeout', async (t) => {
    const e = await engine(t, { hold: (o) => o.kind === 'Cluster' && o.metadata.name === 'pg' });
    if (!e) return;
    const result = await e.run({ phaseTimeoutSeconds: 2 });
    assert.equal(result.ok, false);
    const error = deployError(result)!;
    assert.equal(error.code, 'DL_DEPLOY_TIMEOUT');
    const text = error.details.join('\n');
    assert.match(text, new RegExp(`Cluster/pg \\(${e.ns('system')}\\)`));
    assert.match(text, /blocks: component:nessie/);
    assert.equal(result.steps.find((s) => s.id === 'component:nessie')?.state, 'blocked');
  });

  it('fails fast naming the object when its controller reports failure', async (t) => {
    const e = await engine(t, { fail: (o) => o.kind === 'Deployment' && o.metadata.name === 'cache' });
    if (!e) return;
    const result = await e.run();
    const redis = result.steps.find((s) => s.id === 'component:redis');
    assert.equal(redis?.state, 'failed');
    assert.match(redis!.stuck[0]!.reason, /ProgressDeadlineExceeded/);
    assert.equal(result.steps.find((s) => s.id === 'component:nessie')?.state, 'done');
  });

  it('re-lists after a watch answered 410 Expired and still sees the object turn ready', async (t) => {
    const e = await engine(t, { delayMs: (o) => (o.kind === 'Deployment' ? 600 : 20) });
    if (!e) return;
    const gone = { match: (r: { query: URLSearchParams; path: string }) => r.query.get('watch') === '1' && r.path.endsWith('/deployments'), gone: true, times: 3 };
    e.proxy.faults.push(gone);
    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.ok((gone as { hits?: number }).hits! > 0, 'a watch was answered 410');
  });

  it('fails at once on a 403 for an object reached through another (Subscription → CSV) instead of waiting out the phase', async (t) => {
    const e = await engine(t, {}, 'openshift');
    if (!e) return;
    e.proxy.faults.push({ match: (r) => r.path.includes('/clusterserviceversions'), status: 403 });
    const started = Date.now();
    // With a 120 s budget a wait that ignored the 403 would hold this test for two minutes and end as a timeout.
    const result = await e.run({ phaseTimeoutSeconds: 120 });
    const operator = result.steps.find((s) => s.id === 'operator:cloudnative-pg')!;
    assert.equal(operator.state, 'failed');
    assert.match(operator.stuck.map((s) => s.reason).join('\n'), /403/);
    assert.ok(Date.now() - started < 60_000);
  });

  it('installs OLM operators through Subscriptions on OpenShift and waits for the CSV', async (t) => {
    const e = await engine(t, {}, 'openshift');
    if (!e) return;
    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const waited = e.events.filter((ev) => ev.type === 'ready' && ev.step === 'operator:cloudnative-pg').map((ev) => (ev as { reason: string }).reason);
    assert.ok(waited.some((r) => /ClusterServiceVersion\//.test(r)), waited.join('\n'));
  });

  it('persists nothing on a server-side dry run', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const result = await e.run({ dryRun: true });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.equal(await get(e, 'apps/v1', 'Deployment', 'nessie', e.ns('catalog')), undefined);
    assert.ok(e.events.some((ev) => ev.type === 'applied' && ev.message === 'dry run'));
  });
});

describe('diff, status and uninstall against a real kube-apiserver', () => {
  it('diff lists pending changes before deploy and none after; status goes from absent to ready', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const { client } = e.connection;
    const before = await diffPlatform({ client, platform: e.platform });
    assert.ok(before.some((d) => d.object.startsWith('Deployment/nessie') && d.action === 'create'));
    assert.ok((await platformStatus({ client, platform: e.platform })).every((c) => c.state === 'absent'));
    assert.equal((await e.run()).ok, true);
    assert.deepEqual((await diffPlatform({ client, platform: e.platform })).map((d) => d.object), []);
    const status = await platformStatus({ client, platform: e.platform });
    assert.deepEqual(status.map((c) => `${c.component}=${c.state}`).sort(), ['nessie=ready', 'object-storage=ready', 'postgres=ready', 'redis=ready']);
  });

  it('diff shows a field another manager took, naming it; deploy refuses it until --force-conflicts', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const { client } = e.connection;
    assert.equal((await e.run()).ok, true);
    const edit = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nessie', namespace: e.ns('catalog') }, data: { 'quarkus.log.level': 'DEBUG' } };
    kubectl(e.server.kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=kubectl-edit', '-f', '-'], JSON.stringify(edit));
    const diff = await diffPlatform({ client, platform: e.platform });
    const entry = diff.find((d) => d.object.startsWith('ConfigMap/nessie'));
    assert.ok(entry, JSON.stringify(diff.map((d) => d.object)));
    assert.match(entry.lines.join('\n'), /\.data\.quarkus\.log\.level is owned by "kubectl-edit"/);
    assert.match(entry.lines.join('\n'), /--force-conflicts/);

    e.events.length = 0;
    const refused = await e.run();
    const nessie = refused.steps.find((s) => s.id === 'component:nessie')!;
    assert.equal(nessie.state, 'failed');
    assert.match(nessie.message ?? '', /ConfigMap\/nessie/);
    assert.match(nessie.message ?? '', /kubectl-edit/);
    assert.deepEqual((await get(e, 'v1', 'ConfigMap', 'nessie', e.ns('catalog')))!['data'], { 'quarkus.log.level': 'DEBUG' }, 'nothing taken without --force-conflicts');
    const failure = e.events.find((ev) => ev.type === 'step-failed' && ev.step === 'component:nessie');
    assert.ok(failure?.type === 'step-failed');
    assert.ok(failure.details.some((d) => d.includes('.data.quarkus.log.level') && d.includes('kubectl-edit')), failure.details.join('\n'));

    assert.equal((await e.run({ forceConflicts: true })).ok, true);
    const taken = await get(e, 'v1', 'ConfigMap', 'nessie', e.ns('catalog'));
    assert.deepEqual(taken!['data'], { 'quarkus.log.level': 'INFO' });
    const owners = ((taken!.metadata.managedFields ?? []) as { manager?: string; fieldsV1?: unknown }[]).filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes('"f:quarkus.log.level"')).map((m) => m.manager);
    assert.deepEqual(owners, ['datalyptica']);
    assert.deepEqual(await diffPlatform({ client, platform: e.platform }), []);
  });

  it('uninstall keeps data holders and their namespaces, deletes the rest, and waits for finalizers', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const { client } = e.connection;
    const deployed = await e.run();
    assert.equal(deployed.ok, true, JSON.stringify(deployError(deployed)?.details));
    kubectl(e.server.kubeconfig, ['patch', 'deployment', 'nessie', '-n', e.ns('catalog'), '--type=merge', '-p', JSON.stringify({ metadata: { finalizers: ['example.com/cleanup'] } })]);
    const plan = await planUninstall({ client, platform: e.platform });
    assert.ok(plan.kept.some((k) => k.object.startsWith('PersistentVolumeClaim/store-data')));
    assert.ok(plan.kept.some((k) => k.object.startsWith('Cluster/pg')));
    assert.ok(plan.kept.some((k) => k.object === `Namespace/${e.ns('system')}`));
    const waiting: string[] = [];
    const release = setTimeout(() => kubectl(e.server.kubeconfig, ['patch', 'deployment', 'nessie', '-n', e.ns('catalog'), '--type=merge', '-p', '{"metadata":{"finalizers":null}}']), 1500);
    const result = await runUninstall({ client, platform: e.platform, finalizerTimeoutSeconds: 30, onEvent: (ev) => ev.type === 'waiting' && waiting.push(`${ev.object}: ${ev.reason}`) }, plan);
    clearTimeout(release);
    assert.deepEqual(result.stuck, [], waiting.join('\n'));
    assert.ok(waiting.some((w) => w.includes('Deployment/nessie') && w.includes('example.com/cleanup')), waiting.join('\n'));
    assert.equal(await get(e, 'apps/v1', 'Deployment', 'nessie', e.ns('catalog')), undefined);
    assert.equal(await get(e, 'v1', 'Namespace', e.ns('catalog')), undefined, 'its emptied namespace is gone');
    assert.ok(await get(e, 'v1', 'PersistentVolumeClaim', 'store-data', e.ns('system')));
    assert.ok(await get(e, 'postgresql.cnpg.io/v1', 'Cluster', 'pg', e.ns('system')));

    const purge = await planUninstall({ client, platform: e.platform, purgeData: true });
    assert.deepEqual((await runUninstall({ client, platform: e.platform, purgeData: true, finalizerTimeoutSeconds: 30 }, purge)).stuck, []);
    assert.equal(await get(e, 'v1', 'PersistentVolumeClaim', 'store-data', e.ns('system')), undefined);
    assert.equal((await planUninstall({ client, platform: e.platform, purgeData: true })).batches.length, 0);
  });
});

describe('the client against a real kube-apiserver', () => {
  it('tells a kind not served, a missing namespace and a field-manager conflict apart by type', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) return t.skip(server.skip);
    const { client } = server;
    await assert.rejects(client.apply({ apiVersion: 'example.test/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } }), (error: unknown) => error instanceof KindNotServed && error.kind === 'Widget');
    await assert.rejects(client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'absent-namespace' }, data: {} }), (error: unknown) => error instanceof NamespaceMissing && error.namespace === 'absent-namespace');
    kubectl(server.kubeconfig, ['apply', '--server-side', '--field-manager=kubectl-edit', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed-errors', namespace: 'default' }, data: { k: 'theirs' } }));
    await assert.rejects(client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed-errors', namespace: 'default' }, data: { k: 'ours' } }), (error: unknown) => error instanceof ApplyConflict && error.conflicts[0]?.manager === 'kubectl-edit');
  });

  it('reports a rejected token as unauthorised, naming the server and the context', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) return t.skip(server.skip);
    const file = join(tempDir('datalyptica-badtoken-'), 'kubeconfig');
    const ca = (/certificate-authority-data: (\S+)/.exec(kubectl(server.kubeconfig, ['config', 'view', '--raw'])) ?? [])[1]!;
    writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: server.server, 'certificate-authority-data': ca } }], users: [{ name: 'u', user: { token: 'wrong' } }], contexts: [{ name: 'prod', context: { cluster: 'c', user: 'u' } }], 'current-context': 'prod' }));
    await assert.rejects(connect({ kubeconfig: file }), (error: unknown) => isDatalypticaError(error) && error.code === 'DL_CLUSTER_UNAUTHORIZED' && error.message.includes(server.server) && error.message.includes('"prod"'));
  });
});
