import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupOf } from '../../src/model/kube.ts';
import { collectOperators, operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import { buildDeployGraph, crdNameOf, crdProviders, type DeployGraph } from '../../src/platform/deploy-graph.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';

/** Every step `id` waits for, directly or through others. */
function ancestors(graph: DeployGraph, id: string): Set<string> {
  const byId = new Map(graph.steps.map((s) => [s.id, s] as const));
  const out = new Set<string>();
  const queue = [...(byId.get(id)?.dependsOn ?? [])];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (out.has(next)) continue;
    out.add(next);
    queue.push(...(byId.get(next)?.dependsOn ?? []));
  }
  return out;
}

describe('deploy graph edges derived from the objects', () => {
  it('names the CRD of a kind with the default plural', () => {
    assert.equal(crdNameOf({ apiVersion: 'barmancloud.cnpg.io/v1', kind: 'ObjectStore' }), 'objectstores.barmancloud.cnpg.io');
    assert.equal(crdNameOf({ apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'KafkaNodePool' }), 'kafkanodepools.kafka.strimzi.io');
    assert.equal(crdNameOf({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer' }), 'clusterissuers.cert-manager.io');
    assert.equal(crdNameOf({ apiVersion: 'example.io/v1', kind: 'Policy' }), 'policies.example.io');
    assert.equal(crdNameOf({ apiVersion: 'example.io/v1', kind: 'Gateway' }), 'gateways.example.io');
  });

  it('tells two installers of one API group apart by kind, and falls back to the group for an irregular plural', () => {
    const providers = crdProviders([
      { step: 'operator:cloudnative-pg', crds: ['clusters.postgresql.cnpg.io', 'poolers.postgresql.cnpg.io'] },
      { step: 'companion:plugin-barman-cloud', crds: ['objectstores.barmancloud.cnpg.io'] },
      { step: 'operator:shared-a', crds: ['widgets.shared.example'] },
      { step: 'companion:shared-b', crds: ['gadgets.shared.example'] },
    ]);
    assert.deepEqual(providers([{ apiVersion: 'barmancloud.cnpg.io/v1', kind: 'ObjectStore', metadata: { name: 's' } }]), ['companion:plugin-barman-cloud']);
    assert.deepEqual(providers([{ apiVersion: 'shared.example/v1', kind: 'Gadget', metadata: { name: 'g' } }]), ['companion:shared-b']);
    assert.deepEqual(providers([{ apiVersion: 'shared.example/v1', kind: 'Thingamajig', metadata: { name: 't' } }]), ['companion:shared-b', 'operator:shared-a']);
    assert.deepEqual(providers([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }]), []);
  });

  it('makes the PostgreSQL component wait for the Barman Cloud plugin that serves its ObjectStore', () => {
    const graph = buildDeployGraph(platformFor({ target: 'kubernetes', profile: 'dev' }));
    const postgres = graph.steps.find((s) => s.id === 'component:postgres')!;
    assert.ok(postgres.waves.flat().some((o) => o.kind === 'ObjectStore'), 'the dev platform renders an ObjectStore');
    assert.ok(postgres.dependsOn.includes('companion:plugin-barman-cloud'), postgres.dependsOn.join(', '));
  });

  for (const config of ALL_COMBINATIONS) {
    it(`waits, in ${config.profile}/${config.target}/${config.layout}, for the install step whose CRD serves each custom object`, () => {
      const platform = platformFor(config);
      const graph = buildDeployGraph(platform);
      const installers = new Map<string, string>();
      for (const install of operatorInstallPlan(platform)) if (!('companionOf' in install && install.companionOf)) for (const crd of install.crds) installers.set(crd, `operator:${install.id}`);
      for (const { requirement } of collectOperators(platform.components)) for (const c of requirement.companions ?? []) for (const crd of c.crds) installers.set(crd, `companion:${c.id}`);
      const installedGroups = new Set([...installers.keys()].map((crd) => crd.slice(crd.indexOf('.') + 1)));
      let checked = 0;
      for (const step of graph.steps) {
        const before = ancestors(graph, step.id);
        for (const object of step.waves.flat()) {
          if (object.kind === 'CustomResourceDefinition' || !installedGroups.has(groupOf(object.apiVersion))) continue;
          const installer = installers.get(crdNameOf(object));
          assert.ok(installer, `${object.kind} (${object.apiVersion}) in ${step.id}: no installed CRD is named ${crdNameOf(object)}`);
          if (installer === step.id) continue;
          assert.ok(before.has(installer), `${step.id} applies ${object.kind}/${object.metadata.name} but does not wait for ${installer}`);
          checked++;
        }
      }
      assert.ok(checked > 0);
    });
  }
});
