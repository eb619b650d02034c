import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProbe } from '../../../src/cluster/probes/index.ts';
import { resolveBackend } from '../../../src/cluster/probes/port-forward.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { memoryObjects, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-catalog';
const pod = (name: string, ready: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/name': 'nessie' } },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const cluster: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { platform: 'datalyptica' }, annotations: { 'datalyptica.io/profile': 'production' } } },
  pod('nessie-a', true),
  pod('nessie-b', true),
  pod('nessie-c', false),
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nessie', namespace: NS, generation: 1 }, spec: { replicas: 3 }, status: { observedGeneration: 1, replicas: 3, availableReplicas: 2, updatedReplicas: 3, readyReplicas: 2 } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nessie', namespace: NS }, spec: { selector: { 'app.kubernetes.io/name': 'nessie' }, ports: [{ name: 'http', port: 19120, targetPort: 'http' }] } },
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'nessie-x1', namespace: NS, labels: { 'kubernetes.io/service-name': 'nessie' } },
    ports: [{ name: 'http', port: 19120 }],
    endpoints: [
      { conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'nessie-c' } },
      { conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'nessie-b' } },
    ],
  },
  { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', metadata: { name: 'strimzi-kafka-operator', namespace: 'openshift-operators' }, status: { installedCSV: 'strimzi-cluster-operator.v0.49.0', state: 'AtLatestKnown' } },
  { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', metadata: { name: 'strimzi-cluster-operator.v0.49.0', namespace: 'openshift-operators' }, status: { phase: 'Succeeded' } },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'kafkas.kafka.strimzi.io' }, status: { conditions: [{ type: 'Established', status: 'True' }] } },
  {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: 'nessie', namespace: NS },
    spec: { host: 'nessie.apps.example.com', tls: { termination: 'edge' } },
    status: { ingress: [{ routerName: 'default', host: 'nessie.apps.example.com', conditions: [{ type: 'Admitted', status: 'True' }] }] },
  },
];
const ctx = () => probeContext({ objects: cluster });

describe('object probes', () => {
  it('pass when a namespace carries the expected labels and annotations', async () => {
    const message = await runProbe({ type: 'object-exists', ref: { apiVersion: 'v1', kind: 'Namespace', name: NS }, labels: { platform: 'datalyptica' }, annotations: { 'datalyptica.io/profile': 'production' } }, ctx());
    assert.match(message, /exists with 2 expected/);
  });

  it('fail naming each missing or wrong label', async () => {
    await assert.rejects(
      runProbe({ type: 'object-exists', ref: { apiVersion: 'v1', kind: 'Namespace', name: NS }, labels: { platform: 'other', 'pod-security.kubernetes.io/enforce': 'restricted' } }, ctx()),
      /label platform=other \(found "datalyptica"\), label pod-security.kubernetes.io\/enforce=restricted \(found none\)/,
    );
  });

  it('fail when an object is missing', async () => {
    await assert.rejects(runProbe({ type: 'object-exists', ref: { apiVersion: 'v1', kind: 'Namespace', name: 'nope' } }, ctx()), /Namespace\/nope not found/);
  });

  it('count ready pods against the minimum and name the ones not ready', async () => {
    assert.match(await runProbe({ type: 'pods-ready', namespace: NS, selector: { 'app.kubernetes.io/name': 'nessie' }, min: 2 }, ctx()), /2\/3 pods ready/);
    await assert.rejects(runProbe({ type: 'pods-ready', namespace: NS, selector: { 'app.kubernetes.io/name': 'nessie' }, min: 3 }, ctx()), /need 3; not ready: nessie-c \(Running\)/);
  });

  it('fail a Deployment with fewer available replicas than desired', async () => {
    await assert.rejects(runProbe({ type: 'object-ready', ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nessie', namespace: NS } }, ctx()), /not ready/);
  });

  it('judge a CNPG Pooler by its PgBouncer Deployment, as deploy does', async () => {
    const pooler = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Pooler', metadata: { name: 'pg-pooler-rw', namespace: NS }, spec: { instances: 2 }, status: { instances: 2 } };
    const deployment = (available: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'pg-pooler-rw', namespace: NS, generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: available } });
    const probe = { type: 'object-ready' as const, ref: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Pooler', name: 'pg-pooler-rw', namespace: NS } };
    assert.match(await runProbe(probe, probeContext({ objects: [pooler, deployment(2)] })), /Deployment\/pg-pooler-rw: 2\/2 available/);
    await assert.rejects(runProbe(probe, probeContext({ objects: [pooler, deployment(0)] })), /not ready: .*Deployment\/pg-pooler-rw: 0\/2 replicas available/);
    await assert.rejects(runProbe(probe, probeContext({ objects: [pooler] })), /Deployment\/pg-pooler-rw: not found/);
  });

  it('count only ready Service endpoints', async () => {
    assert.match(await runProbe({ type: 'service-endpoints', namespace: NS, service: 'nessie' }, ctx()), /has 1 ready endpoints/);
  });

  it('follow an OLM Subscription to its Succeeded CSV and check the CRDs', async () => {
    const probe = { type: 'operator' as const, install: { via: 'olm' as const, namespace: 'openshift-operators', subscription: 'strimzi-kafka-operator' }, crds: ['kafkas.kafka.strimzi.io'] };
    assert.match(await runProbe(probe, ctx()), /strimzi-cluster-operator.v0.49.0 Succeeded, 1 CRDs established/);
    await assert.rejects(runProbe({ ...probe, crds: ['kafkas.kafka.strimzi.io', 'kafkausers.kafka.strimzi.io'] }, ctx()), /CRD kafkausers.kafka.strimzi.io missing/);
  });

  it('fail an operator installed without OLM when its namespace has no Deployments', async () => {
    await assert.rejects(runProbe({ type: 'operator', install: { via: 'workloads', namespace: 'cnpg-system' }, crds: [] }, ctx()), /no operator Deployments in cnpg-system/);
  });

  it('pass an admitted Route with TLS', async () => {
    assert.match(await runProbe({ type: 'route', namespace: NS, name: 'nessie' }, ctx()), /https:\/\/nessie.apps.example.com admitted by default, TLS edge/);
  });
});

describe('the port-forward target', () => {
  it('is a ready pod behind the Service port, with the container port from the EndpointSlice', async () => {
    assert.deepEqual(await resolveBackend(memoryObjects(cluster), { namespace: NS, service: 'nessie', port: 19120 }), { pod: 'nessie-b', port: 19120 });
  });

  it('is refused for a port the Service does not have', async () => {
    await assert.rejects(resolveBackend(memoryObjects(cluster), { namespace: NS, service: 'nessie', port: 9000 }), /has no port 9000/);
  });
});
