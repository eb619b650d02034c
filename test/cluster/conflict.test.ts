import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { connect } from '../../src/cluster/connection.ts';
import { deployPlatform, type DeployEvent } from '../../src/cluster/deploy.ts';
import { diffPlatform } from '../../src/cluster/diff.ts';
import { startSimCluster, type SimCluster } from '../support/sim-api-server/index.ts';
import { fixturePlatform } from './fixture.ts';

const clusters: SimCluster[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
});

describe('server-side apply conflicts', () => {
  it('names the object, the field and the manager in the 409, shows the conflict in diff, and takes ownership with --force-conflicts', async () => {
    const platform = fixturePlatform('kubernetes');
    const sim = await startSimCluster(platform);
    clusters.push(sim);
    const { client, childAccess: access } = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
    const events: DeployEvent[] = [];
    const run = (forceConflicts = false) => deployPlatform({ client, access, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5, forceConflicts, onEvent: (e) => events.push(e) });
    assert.equal((await run()).ok, true);
    const live = sim.server.get('v1', 'ConfigMap', 'nessie', 'datalyptica-catalog')!;
    // Someone else edits a field we own, with their own field manager.
    sim.server.put({ ...live, data: { 'quarkus.log.level': 'DEBUG' }, metadata: { ...live.metadata, annotations: {}, managedFields: [{ manager: 'kubectl-edit', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { '.data.quarkus.log.level': {} } }] } });

    const diff = await diffPlatform({ client, platform });
    const entry = diff.find((d) => d.object.startsWith('ConfigMap/nessie'));
    assert.ok(entry, JSON.stringify(diff.map((d) => d.object)));
    assert.match(entry.lines.join('\n'), /kubectl-edit/);
    assert.match(entry.lines.join('\n'), /\.data\.quarkus\.log\.level is owned by "kubectl-edit"/);
    assert.match(entry.lines.join('\n'), /--force-conflicts/);

    const refused = await run();
    const nessie = refused.steps.find((s) => s.id === 'component:nessie')!;
    assert.equal(nessie.state, 'failed');
    assert.match(nessie.message ?? '', /ConfigMap\/nessie/);
    assert.match(nessie.message ?? '', /kubectl-edit/);
    const failure = events.find((e) => e.type === 'step-failed' && e.step === 'component:nessie');
    assert.ok(failure?.type === 'step-failed', 'no step-failed event for component:nessie');
    assert.ok(failure.details.some((d) => d.includes('.data.quarkus.log.level') && d.includes('kubectl-edit')), failure.details.join('\n'));
    assert.equal(sim.server.get('v1', 'ConfigMap', 'nessie', 'datalyptica-catalog')?.['data']?.['quarkus.log.level' as never], 'DEBUG');

    assert.equal((await run(true)).ok, true);
    const taken = sim.server.get('v1', 'ConfigMap', 'nessie', 'datalyptica-catalog')!;
    assert.deepEqual(taken['data'], { 'quarkus.log.level': 'INFO' });
    assert.deepEqual(taken.metadata.managedFields?.map((m) => m.manager), ['datalyptica']);
    assert.deepEqual(await diffPlatform({ client, platform }), []);
  });
});
