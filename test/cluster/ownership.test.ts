import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { connect } from '../../src/cluster/connection.ts';
import { deployError, deployPlatform } from '../../src/cluster/deploy.ts';
import { CREATED_BY_ANNOTATION, ownedBy, withOwnership } from '../../src/cluster/ownership.ts';
import { planUninstall, runUninstall } from '../../src/cluster/uninstall.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { startSimCluster, type Obj, type SimCluster } from '../support/sim-api-server/index.ts';
import { fixturePlatform } from './fixture.ts';

const clusters: SimCluster[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
});

const configMap = (name: string, namespace: string): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { owner: 'team-a' } }) as Obj;
const deployment = (name: string, namespace: string): Obj =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'team-a/app:1' }] } } } }) as Obj;

describe('ownership marks', () => {
  it('marks an object as ours only when it does not exist yet or carries our mark already', () => {
    const rendered: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lake', labels: { 'app.kubernetes.io/managed-by': 'datalyptica' } } };
    const created = withOwnership(rendered, undefined, 'datalyptica');
    assert.equal(created.metadata.annotations?.[CREATED_BY_ANNOTATION], 'datalyptica');
    assert.equal(ownedBy(created, 'datalyptica'), true);
    assert.equal(ownedBy(created, 'other-instance'), false);
    const theirs: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lake' } };
    assert.deepEqual(withOwnership(rendered, theirs, 'datalyptica'), rendered, 'a pre-existing namespace only gets the rendered labels');
    assert.equal(ownedBy({ ...theirs, metadata: { ...theirs.metadata, labels: rendered.metadata.labels! } }, 'datalyptica'), false, 'our labels alone do not make it ours');
    assert.equal(withOwnership(rendered, created, 'datalyptica').metadata.annotations?.[CREATED_BY_ANNOTATION], 'datalyptica', 'kept on re-apply');
  });
});

describe('uninstall deletes only what deploy created', () => {
  it('leaves a namespace created beforehand by another team, with their Deployment and ConfigMap, and lists them', async () => {
    const platform = fixturePlatform('kubernetes');
    const sim = await startSimCluster(platform);
    clusters.push(sim);
    // Team A created the catalog namespace first and keeps their own workload in it.
    sim.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'datalyptica-catalog', labels: { team: 'a' } } } as Obj);
    sim.server.put(deployment('their-app', 'datalyptica-catalog'));
    sim.server.put(configMap('their-config', 'datalyptica-catalog'));
    const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5 });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const namespace = sim.server.get('v1', 'Namespace', 'datalyptica-catalog')!;
    assert.equal(namespace.metadata.labels?.['app.kubernetes.io/managed-by'], 'datalyptica', 'deploy applied the rendered labels');
    assert.equal(namespace.metadata.annotations?.[CREATED_BY_ANNOTATION], undefined, 'but did not claim it');
    assert.equal(sim.server.get('v1', 'Namespace', 'datalyptica-system')!.metadata.annotations?.[CREATED_BY_ANNOTATION], 'datalyptica', 'a namespace deploy created is marked');
    assert.equal(sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog')!.metadata.annotations?.[CREATED_BY_ANNOTATION], 'datalyptica');

    const plan = await planUninstall({ client: connection.client, platform });
    const kept = new Map(plan.kept.map((k) => [k.object, k.reason]));
    assert.match(kept.get('Namespace/datalyptica-catalog') ?? '', /not created by Datalyptica/);
    assert.match(kept.get('Deployment/their-app (datalyptica-catalog)') ?? '', /not created by Datalyptica/);
    assert.match(kept.get('ConfigMap/their-config (datalyptica-catalog)') ?? '', /not created by Datalyptica/);
    const planned = plan.batches.flat().map((r) => `${r.kind}/${r.name}`);
    assert.ok(planned.includes('Deployment/nessie'), 'our objects in their namespace are deleted');
    assert.ok(!planned.includes('Namespace/datalyptica-catalog'));
    await runUninstall({ client: connection.client, platform }, plan);
    assert.ok(sim.server.get('v1', 'Namespace', 'datalyptica-catalog'));
    assert.ok(sim.server.get('apps/v1', 'Deployment', 'their-app', 'datalyptica-catalog'));
    assert.ok(sim.server.get('v1', 'ConfigMap', 'their-config', 'datalyptica-catalog'));
    assert.equal(sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog'), undefined);
  });

  it('keeps a namespace it created once someone else has put objects in it, and a pre-existing namespace deploy only labelled', async () => {
    const platform = fixturePlatform('kubernetes');
    const sim = await startSimCluster(platform);
    clusters.push(sim);
    const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    // The catalog namespace does not exist yet, but a ConfigMap named like ours does, in a namespace of theirs.
    sim.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'datalyptica-system' } } as Obj);
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5 });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    sim.server.put(configMap('later', 'datalyptica-catalog'));
    const plan = await planUninstall({ client: connection.client, platform, purgeData: true });
    const kept = new Map(plan.kept.map((k) => [k.object, k.reason]));
    assert.match(kept.get('Namespace/datalyptica-catalog') ?? '', /did not create/);
    assert.match(kept.get('ConfigMap/later (datalyptica-catalog)') ?? '', /not created by Datalyptica/);
    assert.match(kept.get('Namespace/datalyptica-system') ?? '', /not created by Datalyptica/);
    await runUninstall({ client: connection.client, platform, purgeData: true }, plan);
    assert.ok(sim.server.get('v1', 'ConfigMap', 'later', 'datalyptica-catalog'));
    assert.equal(sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog'), undefined);
  });
});
