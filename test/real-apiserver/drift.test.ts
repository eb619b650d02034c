import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { deployError } from '../../src/cluster/deploy.ts';
import { diffPlatform } from '../../src/cluster/diff.ts';
import { describeRef, refOf } from '../../src/model/kube.ts';
import { kubectl } from '../support/real-deploy.ts';
import { realEngine, type Engine } from '../support/real-engine.ts';

/**
 * Hand changes to behaviour-guarding fields (replicas, a container's securityContext, a default-deny
 * NetworkPolicy's rules), made as a user makes them, with kubectl: the real server gives their field manager
 * ownership, so a plain server-side apply alone would keep them; diff must report them and a re-deploy restore them.
 */
const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops) await stop();
});

async function deployed(t: { skip(reason: string): void }): Promise<Engine | undefined> {
  const e = await realEngine(t, { stem: 'drift' });
  if (!e) return undefined;
  stops.push(e.stop);
  const first = await e.run();
  assert.equal(first.ok, true, JSON.stringify(deployError(first)?.details));
  e.events.length = 0;
  return e;
}

describe('re-deploy restores the rendered state (real kube-apiserver)', () => {
  // This server refuses privileged containers outright (--allow-privileged=false); root with added capabilities is the same kind of hand change.
  it('takes back a hand-scaled Deployment whose container was made to run as root with an added capability, with kubectl', async (t) => {
    const e = await deployed(t);
    if (!e) return;
    const ns = e.ns('catalog');
    const name = `Deployment/nessie (${ns})`;
    kubectl(e.server.kubeconfig, ['scale', 'deployment', 'nessie', '-n', ns, '--replicas=5']);
    kubectl(e.server.kubeconfig, ['patch', 'deployment', 'nessie', '-n', ns, '-p', JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'nessie', securityContext: { runAsUser: 0, capabilities: { add: ['NET_ADMIN'] } } }] } } } })]);

    const diffs = await diffPlatform({ client: e.connection.client, platform: e.platform });
    const deploymentDiff = diffs.find((d) => d.object === name);
    assert.ok(deploymentDiff, JSON.stringify(diffs.map((d) => d.object)));
    assert.match(deploymentDiff.lines.join('\n'), /securityContext/);
    assert.match(deploymentDiff.lines.join('\n'), /\.spec\.replicas/);
    // kubectl scale made "kubectl" own .spec.replicas; deploy patches it back before applying, so no conflict to force.
    assert.doesNotMatch(deploymentDiff.lines.join('\n'), /force-conflicts/);

    const result = await e.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const restored = (await e.server.client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nessie', namespace: ns }))!;
    const spec = restored['spec'] as { replicas: number; template: { spec: { containers: Record<string, unknown>[] } } };
    assert.equal(spec.replicas, 2);
    assert.deepEqual(spec.template.spec.containers.map((c) => c['securityContext']), [undefined]);
    assert.ok(e.events.some((ev) => ev.type === 'restored' && ev.object === name), JSON.stringify(e.events.filter((ev) => 'object' in ev && ev.object === name)));
    assert.deepEqual((await diffPlatform({ client: e.connection.client, platform: e.platform })).map((d) => d.object), []);
  });

  it('reports and closes a default-deny NetworkPolicy opened with ingress: [{}]', async (t) => {
    const e = await deployed(t);
    if (!e) return;
    const deny = e.platform.objects.map((p) => p.object).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('default-deny'));
    assert.ok(deny, 'the platform renders a default-deny policy');
    const ns = deny.metadata.namespace!;
    kubectl(e.server.kubeconfig, ['patch', 'networkpolicy', deny.metadata.name, '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { ingress: [{}] } })]);
    const diffs = await diffPlatform({ client: e.connection.client, platform: e.platform });
    const found = diffs.find((d) => d.object === describeRef(refOf(deny)));
    assert.ok(found, `diff reports the opened policy: ${JSON.stringify(diffs.map((d) => d.object))}`);
    assert.match(found.lines.join('\n'), /\.spec\.ingress/);
    assert.equal((await e.run()).ok, true);
    const live = (await e.server.client.get(refOf(deny)))!;
    assert.equal((live['spec'] as Record<string, unknown>)['ingress'], undefined);
    assert.deepEqual(await diffPlatform({ client: e.connection.client, platform: e.platform }), []);
  });
});
