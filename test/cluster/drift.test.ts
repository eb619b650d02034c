import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { connect } from '../../src/cluster/connection.ts';
import { deployError, deployPlatform, type DeployEvent } from '../../src/cluster/deploy.ts';
import { diffPlatform } from '../../src/cluster/diff.ts';
import { coversRendered, guardedDrift, mergePatch } from '../../src/cluster/drift.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { startSimCluster, type Obj, type SimCluster } from '../support/sim-api-server/index.ts';
import { fixturePlatform } from './fixture.ts';

const policy = (extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'lake' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ...extra } });
const workload = (container: Record<string, unknown>, replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'lake' },
  spec: { replicas, template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'web', image: 'web:1', ...container }, { name: 'sidecar', image: 'side:1' }] } } },
});

describe('drift, measured on the objects', () => {
  it('sees a rule added to a default-deny NetworkPolicy and patches it away', () => {
    const drift = guardedDrift(policy(), policy({ ingress: [{}] }));
    assert.deepEqual(drift, { fields: ['.spec.ingress'], patch: { spec: { ingress: null } } });
    assert.deepEqual(mergePatch(policy({ ingress: [{}] }), drift!.patch), policy());
  });

  it('does not count the API server default protocol TCP as drift', () => {
    const rendered = policy({ ingress: [{ ports: [{ port: 8080 }] }] });
    assert.equal(guardedDrift(rendered, policy({ ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }] })), undefined);
    assert.ok(guardedDrift(rendered, policy({ ingress: [{ ports: [{ port: 8080, protocol: 'UDP' }] }] })));
  });

  it('sees a container made privileged by hand, by container name, and removes the added field', () => {
    const rendered = workload({ securityContext: { allowPrivilegeEscalation: false } });
    const live = workload({ securityContext: { allowPrivilegeEscalation: false, privileged: true } });
    const drift = guardedDrift(rendered, live)!;
    assert.deepEqual(drift.fields, ['.spec.template.spec.containers[web].securityContext']);
    const fixed = mergePatch(live, drift.patch) as KubeObject;
    assert.deepEqual(fixed, rendered);
    // A securityContext added where none is rendered goes too.
    const added = guardedDrift(workload({}), workload({ securityContext: { privileged: true } }))!;
    assert.deepEqual(mergePatch(workload({ securityContext: { privileged: true } }), added.patch), workload({}));
  });

  it('sees RBAC rules and replicas changed by others, unless an autoscaler owns the replicas', () => {
    const role = (rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'lake' }, rules });
    const rule = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] };
    assert.deepEqual(guardedDrift(role([rule]), role([rule, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]))?.fields, ['.rules']);
    assert.deepEqual(guardedDrift(workload({}, 2), workload({}, 5))?.patch, { spec: { replicas: 2 } });
    assert.equal(guardedDrift(workload({}, 2), workload({}, 5), { autoscaled: true }), undefined);
  });

  it('compares rendered fields with live ones as quantities, and ignores what the server adds', () => {
    const rendered: KubeObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'lake' }, spec: { limits: [{ type: 'Container', default: { cpu: 1, memory: '1Gi' } }] } };
    const live = { ...rendered, metadata: { ...rendered.metadata, uid: 'x', resourceVersion: '7' }, spec: { limits: [{ type: 'Container', default: { cpu: '1000m', memory: '1024Mi' }, max: { cpu: '4' } }] } } as KubeObject;
    assert.equal(coversRendered(rendered, live), true);
    assert.equal(coversRendered(rendered, { ...live, spec: { limits: [{ type: 'Container', default: { cpu: '2', memory: '1Gi' } }] } } as KubeObject), false);
  });
});

const clusters: SimCluster[] = [];
after(async () => {
  for (const c of clusters) await c.stop();
});

async function deployed() {
  const platform = fixturePlatform('kubernetes');
  const sim = await startSimCluster(platform);
  clusters.push(sim);
  const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
  const events: DeployEvent[] = [];
  const run = () => deployPlatform({ client: connection.client, access: connection.childAccess, platform, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 5, onEvent: (e) => events.push(e) });
  const first = await run();
  assert.equal(first.ok, true, JSON.stringify(deployError(first)?.details));
  events.length = 0;
  return { platform, sim, connection, events, run };
}

describe('re-deploy restores the rendered state', () => {
  it('takes back a privileged container, a hand-scaled Deployment and a changed ConfigMap value that kept the annotations', async () => {
    const { sim, events, run, connection, platform } = await deployed();
    const live = sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog')!;
    const spec = live['spec'] as { replicas: number; template: { spec: { containers: Record<string, unknown>[] } } };
    // kubectl edit / kubectl scale: annotations (and any checksum in them) stay as they were.
    sim.server.put({ ...live, spec: { ...spec, replicas: 5, template: { ...spec.template, spec: { ...spec.template.spec, containers: spec.template.spec.containers.map((c) => ({ ...c, securityContext: { privileged: true } })) } } } } as Obj);
    const cm = sim.server.get('v1', 'ConfigMap', 'nessie', 'datalyptica-catalog')!;
    sim.server.put({ ...cm, data: { 'quarkus.log.level': 'TRACE' } } as Obj);

    const diffs = await diffPlatform({ client: connection.client, platform });
    const deploymentDiff = diffs.find((d) => d.object === 'Deployment/nessie (datalyptica-catalog)');
    assert.ok(deploymentDiff, JSON.stringify(diffs.map((d) => d.object)));
    assert.match(deploymentDiff.lines.join('\n'), /securityContext/);
    assert.match(deploymentDiff.lines.join('\n'), /\.spec\.replicas/);
    assert.ok(diffs.some((d) => d.object === 'ConfigMap/nessie (datalyptica-catalog)'));

    const result = await run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const restored = sim.server.get('apps/v1', 'Deployment', 'nessie', 'datalyptica-catalog')!;
    const after = restored['spec'] as typeof spec;
    assert.equal(after.replicas, 2);
    assert.deepEqual(after.template.spec.containers.map((c) => c['securityContext']), [undefined]);
    assert.deepEqual(sim.server.get('v1', 'ConfigMap', 'nessie', 'datalyptica-catalog')!['data'], { 'quarkus.log.level': 'INFO' });
    assert.ok(events.some((e) => e.type === 'restored' && e.object === 'Deployment/nessie (datalyptica-catalog)'));
    assert.ok(events.some((e) => e.type === 'applied' && e.object === 'ConfigMap/nessie (datalyptica-catalog)'));
    assert.deepEqual(await diffPlatform({ client: connection.client, platform }), []);
  });

  it('reports and closes a default-deny NetworkPolicy opened with ingress: [{}]', async () => {
    const { sim, run, connection, platform } = await deployed();
    const deny = sim.server.list('NetworkPolicy').find((p) => p.metadata.name === 'datalyptica-default-deny')!;
    assert.ok(deny, 'the platform renders a default-deny policy');
    const ns = deny.metadata.namespace!;
    sim.server.put({ ...deny, spec: { ...(deny['spec'] as Record<string, unknown>), ingress: [{}] } } as Obj);
    const diffs = await diffPlatform({ client: connection.client, platform });
    const found = diffs.find((d) => d.object === `NetworkPolicy/datalyptica-default-deny (${ns})`);
    assert.ok(found, 'diff reports the opened policy');
    assert.match(found.lines.join('\n'), /\.spec\.ingress/);
    assert.equal((await run()).ok, true);
    assert.equal((sim.server.get('networking.k8s.io/v1', 'NetworkPolicy', 'datalyptica-default-deny', ns)!['spec'] as Record<string, unknown>)['ingress'], undefined);
    assert.deepEqual(await diffPlatform({ client: connection.client, platform }), []);
  });
});
