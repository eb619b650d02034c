import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplyConflict } from '../../src/cluster/client.ts';
import { diffPlatform } from '../../src/cluster/diff.ts';
import { refOf, type KubeObject } from '../../src/model/kube.ts';
import { platformFor } from '../support/platform.ts';
import { realApiServer } from '../support/real-api-server.ts';

describe('apply and diff on a real kube-apiserver', () => {
  it('finds nothing to change after every object of the default platform was applied (defaulting and managed fields included)', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) {
      t.skip(server.skip);
      return;
    }
    const { client } = server;
    // Its own namespaces (namePrefix), and everything but the Namespaces deleted after: the dry-run suite shares this
    // server and renders other profiles of the same objects (a StatefulSet's volumeClaimTemplates are immutable).
    const platform = platformFor({ namePrefix: 'applied' });
    const objects = platform.objects.map((p) => p.object);
    const content = objects.filter((o) => o.kind !== 'Namespace');
    t.after(async () => {
      await Promise.all(content.map((o) => client.delete(refOf(o))));
    });
    for (const name of ['openshift-operators', 'openshift-marketplace']) await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    for (const ns of objects.filter((o) => o.kind === 'Namespace')) await client.apply(ns);
    await Promise.all(content.map((o) => client.apply(o)));

    const diff = await diffPlatform({ client, platform, concurrency: 6 });
    assert.deepEqual(diff.map((d) => `${d.object} (${d.action})\n${d.lines.join('\n')}`), []);
  });

  it('names the field and the other field manager when a real server-side apply conflicts, and takes it with force', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) {
      t.skip(server.skip);
      return;
    }
    const { client } = server;
    await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'conflict-test' } });
    const ours: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'conflict-test' }, data: { 'log.level': 'INFO' } };
    await client.apply(ours);
    // Someone else takes the field with their own field manager (as `kubectl apply --server-side --force-conflicts` would).
    const theirs = await client.send('apply as kubectl-edit', {
      method: 'PATCH',
      path: '/api/v1/namespaces/conflict-test/configmaps/settings',
      query: { fieldManager: 'kubectl-edit', force: true },
      body: JSON.stringify({ ...ours, data: { 'log.level': 'DEBUG' } }),
      contentType: 'application/apply-patch+yaml',
    });
    assert.equal(theirs.status, 200, theirs.body);

    const refused = await client.apply(ours).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ApplyConflict, String(refused));
    assert.deepEqual(refused.conflicts.map((c) => [c.field, c.manager]), [['.data.log.level', 'kubectl-edit']]);
    assert.match(refused.message, /ConfigMap\/settings/);

    const taken = await client.apply(ours, { force: true });
    assert.deepEqual(taken['data'], { 'log.level': 'INFO' });
    const managed = (taken.metadata.managedFields ?? []) as { manager?: string; fieldsV1?: unknown }[];
    const owners = managed.filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes('"f:log.level"')).map((m) => m.manager);
    assert.deepEqual(owners, ['datalyptica']);
  });
});
