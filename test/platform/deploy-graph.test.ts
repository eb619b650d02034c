import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { READINESS_RULES, assessReadiness } from '../../src/cluster/readiness.ts';
import { WAITED_KINDS, applyWave, blockedBy, buildDeployGraph, criticalPath, sequentialPhaseTime } from '../../src/platform/deploy-graph.ts';
import { fixturePlatform } from '../cluster/fixture.ts';
import { platformFor } from '../support/platform.ts';

describe('deploy graph', () => {
  it('puts an operator before the components that use its CRDs, and dependencies before dependents', () => {
    const graph = buildDeployGraph(fixturePlatform());
    const ids = graph.steps.map((s) => s.id);
    assert.ok(ids.indexOf('operator:cloudnative-pg') < ids.indexOf('component:postgres'));
    assert.ok(ids.indexOf('component:postgres') < ids.indexOf('component:nessie'));
    assert.deepEqual(graph.steps.find((s) => s.id === 'component:nessie')?.dependsOn, ['component:object-storage', 'component:postgres', 'platform', 'secrets']);
  });

  it('copies a Secret after the component whose custom resource makes it, and an external one right after the namespaces', () => {
    const platform = platformFor({});
    const graph = buildDeployGraph(platform);
    const step = (id: string) => graph.steps.find((s) => s.id === id)!;
    const copies = graph.steps.filter((s) => s.kind === 'copy-secret');
    assert.ok(copies.length > 0);
    for (const copy of copies) {
      const source = platform.secrets.find((r) => r.namespace === copy.copy!.from.namespace && r.name === copy.copy!.from.name && r.source !== 'copy');
      if (source?.source === 'external') assert.deepEqual(copy.dependsOn, ['platform'], copy.id);
      // Strimzi makes `<kafka>-cluster-ca-cert` and the KafkaUser Secrets: only the kafka component produces them.
      else if (copy.copy!.from.namespace.endsWith('-streaming')) assert.deepEqual(copy.dependsOn, ['component:kafka', 'platform'], copy.id);
    }
    assert.ok(step('component:trino').dependsOn.some((d) => d.startsWith('copy:')));
  });

  it('leaves copies to the render when the secrets backend makes them (external-secrets): no copy step, consumers wait for nothing else', () => {
    const platform = platformFor({ secrets: { mode: 'external-secrets', store: 'vault' } });
    const graph = buildDeployGraph(platform);
    assert.ok(platform.secrets.some((r) => r.source === 'copy'), 'the platform has copies');
    assert.deepEqual(graph.steps.filter((s) => s.kind === 'copy-secret').map((s) => s.id), []);
    assert.ok(graph.steps.every((s) => s.dependsOn.every((d) => !d.startsWith('copy:'))));
    // The ExternalSecret of each copy is applied with a component that reads it.
    const trino = graph.steps.find((s) => s.id === 'component:trino')!;
    assert.ok(trino.waves.flat().some((o) => o.kind === 'ExternalSecret' && o.metadata.annotations?.['datalyptica.io/copied-from'] !== undefined));
  });

  it('carries a copy requirement\'s key map and fixed values into its copy step, and orders an ObjectBucketClaim copy after the claim', () => {
    for (const mode of ['external', 'odf'] as const) {
      const platform = platformFor({ objectStorage: { mode } });
      const requirement = platform.secrets.find((r) => r.name === 'logging-loki-s3')!;
      const step = buildDeployGraph(platform).steps.find((s) => s.id === `copy:${requirement.namespace}/logging-loki-s3`)!;
      assert.deepEqual(step.copy!.from, { namespace: requirement.copyFrom!.namespace, name: requirement.copyFrom!.name }, mode);
      assert.deepEqual(step.copy!.keyMap, requirement.copyFrom!.keyMap, mode);
      assert.deepEqual(step.copy!.fixedValues, requirement.copyFrom!.fixedValues, mode);
      assert.deepEqual(step.dependsOn, mode === 'external' ? ['platform'] : ['component:object-storage', 'platform'], mode);
      assert.ok(buildDeployGraph(platform).steps.find((s) => s.id === 'component:loki')!.dependsOn.includes(step.id), mode);
    }
  });

  it('installs an operator companion once, after its operator and the operators it requires', () => {
    const graph = buildDeployGraph(platformFor({}));
    const ids = graph.steps.map((s) => s.id);
    assert.equal(ids.filter((id) => id.endsWith(':plugin-barman-cloud')).length, 1, ids.join(' '));
    const companion = graph.steps.find((s) => s.id === 'companion:plugin-barman-cloud')!;
    assert.ok(companion.dependsOn.includes('operator:cloudnative-pg'));
    assert.ok(companion.dependsOn.includes('operator:cert-manager'));
    assert.ok(ids.indexOf('companion:plugin-barman-cloud') < ids.indexOf('component:postgres'));
  });

  it('orders kinds in waves: namespaces, then config, then workloads, then what points at them', () => {
    assert.deepEqual(['Namespace', 'ConfigMap', 'Deployment', 'Cluster', 'PodDisruptionBudget'].map(applyWave), [0, 1, 2, 2, 3]);
  });

  it('names what a stuck step blocks, transitively', () => {
    const graph = buildDeployGraph(fixturePlatform());
    assert.deepEqual(blockedBy(graph, ['operator:cloudnative-pg']), ['component:nessie', 'component:postgres']);
  });

  it('has a critical path shorter than running phases one after another when phases hold independent work', () => {
    const graph = buildDeployGraph(fixturePlatform());
    const duration = (s: { id: string }) => (s.id === 'component:redis' ? 10 : 1);
    const critical = criticalPath(graph, duration).total;
    const sequential = sequentialPhaseTime(graph, duration);
    assert.ok(critical < sequential, `critical path ${critical} is not shorter than phase after phase (${sequential})`);
    assert.deepEqual(criticalPath(graph, () => 1).path.slice(-1), ['component:nessie']);
  });

  it('waits exactly for the kinds the readiness rules know', () => {
    const ruled = [...READINESS_RULES.keys()].filter((k) => !['batch/CronJob', '/Namespace', 'operators.coreos.com/ClusterServiceVersion'].includes(k)).sort();
    assert.deepEqual([...WAITED_KINDS].sort(), ruled);
  });
});

describe('readiness rules', () => {
  it('does not trust a Ready condition from an older generation', () => {
    const kafka = { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka', metadata: { name: 'k', generation: 3 }, status: { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True' }] } };
    assert.equal(assessReadiness(kafka).state, 'progressing');
  });

  it('reports a deployment past its progress deadline as failed before checking replicas', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, updatedReplicas: 1, availableReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] } };
    assert.equal(assessReadiness(d).state, 'failed');
  });

  it('follows a Subscription to its CSV and needs phase Succeeded', () => {
    const sub = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', metadata: { name: 's', namespace: 'ns' }, status: { installedCSV: 'op.v1' } };
    assert.equal(assessReadiness(sub).follow?.name, 'op.v1');
    assert.equal(assessReadiness({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', metadata: { name: 'op.v1' }, status: { phase: 'Installing' } }).state, 'progressing');
  });

  it('accepts a pending claim only under WaitForFirstConsumer', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { storageClassName: 'lazy' }, status: { phase: 'Pending' } };
    assert.equal(assessReadiness(pvc, { bindingMode: () => 'WaitForFirstConsumer' }).state, 'ready');
    assert.equal(assessReadiness(pvc, { bindingMode: () => 'Immediate' }).state, 'progressing');
  });

  it('needs a healthy CNPG phase and every instance ready', () => {
    const c = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg' }, spec: { instances: 3 }, status: { phase: 'Cluster in healthy state', readyInstances: 2 } };
    assert.equal(assessReadiness(c).state, 'progressing');
  });
});
