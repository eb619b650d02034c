import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ApplyConflict, KindNotServed, NamespaceMissing } from '../../src/cluster/client.ts';
import { connect } from '../../src/cluster/connection.ts';
import { startSimCluster, type Obj, type SimCluster } from '../support/sim-api-server/index.ts';
import { fixturePlatform } from './fixture.ts';

const clusters: SimCluster[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
});

describe('typed API errors', () => {
  it('tells a kind not served, a missing namespace and a field-manager conflict apart by type', async () => {
    const sim = await startSimCluster(fixturePlatform('kubernetes'));
    clusters.push(sim);
    const { client } = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    await assert.rejects(client.apply({ apiVersion: 'example.test/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'lake' } }), (e: unknown) => e instanceof KindNotServed && e.kind === 'Widget');
    await assert.rejects(client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'absent' }, data: {} }), (e: unknown) => e instanceof NamespaceMissing && e.namespace === 'absent');
    sim.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lake' } } as Obj);
    sim.server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'lake', managedFields: [{ manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { '.data.k': {} } }] }, data: { k: 'theirs' } } as Obj);
    await assert.rejects(client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'lake' }, data: { k: 'ours' } }), (e: unknown) => e instanceof ApplyConflict && e.conflicts[0]?.manager === 'kubectl-edit');
  });
});
