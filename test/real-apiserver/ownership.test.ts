import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { deployError } from '../../src/cluster/deploy.ts';
import { CREATED_BY_ANNOTATION } from '../../src/cluster/ownership.ts';
import { planUninstall, runUninstall } from '../../src/cluster/uninstall.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { kubectl } from '../support/real-deploy.ts';
import { realEngine, type Engine } from '../support/real-engine.ts';

/**
 * Uninstall deletes only what deploy created, on the real API server: objects and namespaces another team made
 * before (or after) deploy are created with kubectl as that team would, and must survive, listed with why.
 */
const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops) await stop();
});

async function engine(t: { skip(reason: string): void }): Promise<Engine | undefined> {
  const made = await realEngine(t, { stem: 'owner' });
  if (made) stops.push(made.stop);
  return made;
}

const theirs = (namespace: string): KubeObject[] => [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'their-app', namespace }, spec: { replicas: 1, selector: { matchLabels: { app: 'their-app' } }, template: { metadata: { labels: { app: 'their-app' } }, spec: { containers: [{ name: 'app', image: 'team-a/app:1' }] } } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'their-config', namespace }, data: { owner: 'team-a' } },
];
const create = (e: Engine, objects: readonly KubeObject[]): string => kubectl(e.server.kubeconfig, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));

describe('uninstall deletes only what deploy created (real kube-apiserver)', () => {
  it('leaves a namespace created beforehand by another team, with their Deployment and ConfigMap, and lists them', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const { client } = e.server;
    const catalog = e.ns('catalog');
    // Team A created the catalog namespace first and keeps their own workload in it.
    create(e, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: catalog, labels: { team: 'a' } } }, ...theirs(catalog)]);
    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const namespace = (await client.get({ apiVersion: 'v1', kind: 'Namespace', name: catalog }))!;
    assert.equal(namespace.metadata.labels?.['app.kubernetes.io/managed-by'], 'datalyptica', 'deploy applied the rendered labels');
    assert.equal(namespace.metadata.labels?.['team'], 'a', 'and left theirs');
    assert.equal(namespace.metadata.annotations?.[CREATED_BY_ANNOTATION], undefined, 'but did not claim it');
    assert.equal((await client.get({ apiVersion: 'v1', kind: 'Namespace', name: e.ns('system') }))!.metadata.annotations?.[CREATED_BY_ANNOTATION], e.platform.config.namePrefix, 'a namespace deploy created is marked');
    assert.equal((await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nessie', namespace: catalog }))!.metadata.annotations?.[CREATED_BY_ANNOTATION], e.platform.config.namePrefix);
    const untouched = (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'their-config', namespace: catalog }))!;
    assert.deepEqual(untouched['data'], { owner: 'team-a' });
    assert.deepEqual(((untouched.metadata.managedFields ?? []) as { manager?: string }[]).map((m) => m.manager), ['kubectl-create'], 'deploy wrote nothing to their ConfigMap');

    const plan = await planUninstall({ client: e.connection.client, platform: e.platform });
    const kept = new Map(plan.kept.map((k) => [k.object, k.reason]));
    assert.match(kept.get(`Namespace/${catalog}`) ?? '', /not created by Datalyptica/);
    assert.match(kept.get(`Deployment/their-app (${catalog})`) ?? '', /not created by Datalyptica/);
    assert.match(kept.get(`ConfigMap/their-config (${catalog})`) ?? '', /not created by Datalyptica/);
    const planned = plan.batches.flat().map((r) => `${r.kind}/${r.name}`);
    assert.ok(planned.includes('Deployment/nessie'), 'our objects in their namespace are deleted');
    assert.ok(!planned.includes(`Namespace/${catalog}`));
    const from = e.proxy.log.length;
    assert.deepEqual((await runUninstall({ client: e.connection.client, platform: e.platform, finalizerTimeoutSeconds: 30 }, plan)).stuck, []);
    // What the API server was asked to delete: nothing of theirs.
    const deleted = e.proxy.writes(from).filter((r) => r.method === 'DELETE').map((r) => r.path);
    assert.deepEqual(deleted.filter((p) => p.endsWith(`/namespaces/${catalog}`) || p.includes('their-')), []);
    assert.ok(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: catalog }));
    assert.ok(await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'their-app', namespace: catalog }));
    assert.ok(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'their-config', namespace: catalog }));
    assert.equal(await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nessie', namespace: catalog }), undefined);
  });

  it('keeps a namespace it created once someone else has put objects in it, and a pre-existing namespace deploy only labelled', async (t) => {
    const e = await engine(t);
    if (!e) return;
    const { client } = e.server;
    const catalog = e.ns('catalog');
    const system = e.ns('system');
    create(e, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: system } }]);
    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    // After deploy, someone puts their own ConfigMap into the namespace deploy created.
    create(e, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', namespace: catalog }, data: { owner: 'team-b' } }]);
    const plan = await planUninstall({ client: e.connection.client, platform: e.platform, purgeData: true });
    const kept = new Map(plan.kept.map((k) => [k.object, k.reason]));
    assert.match(kept.get(`Namespace/${catalog}`) ?? '', /did not create/);
    assert.match(kept.get(`ConfigMap/later (${catalog})`) ?? '', /not created by Datalyptica/);
    assert.match(kept.get(`Namespace/${system}`) ?? '', /not created by Datalyptica/);
    assert.deepEqual((await runUninstall({ client: e.connection.client, platform: e.platform, purgeData: true, finalizerTimeoutSeconds: 30 }, plan)).stuck, []);
    assert.ok(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'later', namespace: catalog }));
    assert.ok(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: catalog }));
    assert.ok(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: system }));
    assert.equal(await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nessie', namespace: catalog }), undefined);
    // Purged: our data went with it, in the namespace we did not create too.
    assert.equal(await client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'store-data', namespace: system }), undefined);
  });
});
