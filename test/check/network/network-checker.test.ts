import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicies, PolicyEvaluator } from '../../../src/check/network/evaluate.ts';
import { computeReachability } from '../../../src/check/network/matrix.ts';
import type { Endpoint } from '../../../src/check/network/model.ts';
import { networkChecker } from '../../../src/check/network/network-checker.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { Platform, PlacedObject } from '../../../src/platform/platform.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';

function pod(id: string, namespace: string, labels: Record<string, string>): Endpoint {
  return { id, namespace, labels, ports: new Map(), source: true, destination: true };
}

function policy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function withObjects(platform: Platform, change: (objects: PlacedObject[]) => PlacedObject[]): Platform {
  return { ...platform, objects: change([...platform.objects]) };
}

describe('the policy evaluator', () => {
  const labels = new Map([
    ['a', { 'kubernetes.io/metadata.name': 'a' }],
    ['b', { 'kubernetes.io/metadata.name': 'b' }],
  ]);
  const client = pod('a/client', 'a', { app: 'client' });
  const server = pod('b/server', 'b', { app: 'server' });
  const tcp = (port: number) => ({ port, protocol: 'TCP' });

  it('allows everything when no policy selects either pod', () => {
    assert.equal(new PolicyEvaluator([], labels).allowed(client, server, tcp(80)), true);
  });

  it('needs both the egress of the source and the ingress of the destination', () => {
    const ingress = policy('b', 'in', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }], ports: [{ port: 80 }] }] });
    const denyEgress = policy('a', 'deny', { podSelector: {}, policyTypes: ['Egress'] });
    assert.equal(new PolicyEvaluator(parsePolicies([ingress]), labels).allowed(client, server, tcp(80)), true);
    assert.equal(new PolicyEvaluator(parsePolicies([ingress]), labels).allowed(client, server, tcp(81)), false);
    assert.equal(new PolicyEvaluator(parsePolicies([ingress, denyEgress]), labels).allowed(client, server, tcp(80)), false);
  });

  it('reads a peer without a namespace selector as the policy\'s own namespace', () => {
    const ingress = policy('b', 'in', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] });
    assert.equal(new PolicyEvaluator(parsePolicies([ingress]), labels).allowed(client, server, tcp(80)), false);
  });
});

describe('the reachability check', () => {
  it('finds the matrix equal to the declared flows in every profile, target and layout', () => {
    for (const config of ALL_COMBINATIONS) {
      const reachability = computeReachability(platformFor(config));
      assert.ok(reachability.rows.length > 50, JSON.stringify(config));
      assert.deepEqual(reachability.missing, [], `${JSON.stringify(config)} missing`);
      assert.deepEqual(reachability.extra, [], `${JSON.stringify(config)} extra`);
      assert.deepEqual(networkChecker.run({ platform: platformFor(config) }), [], JSON.stringify(config));
    }
  });

  it('covers DNS, the router and scraping in the matrix', () => {
    const rows = computeReachability(platformFor({ target: 'openshift' })).rows;
    assert.ok(rows.some((r) => r.from === 'datalyptica-catalog/nessie' && r.to === 'openshift-dns/cluster-dns' && r.port === 5353 && r.protocol === 'UDP' && r.allowed));
    assert.ok(rows.some((r) => r.from === 'openshift-ingress/router' && r.to === 'datalyptica-catalog/nessie' && r.port === 19120 && r.allowed && r.declared));
    assert.ok(rows.some((r) => r.from === 'openshift-user-workload-monitoring/monitoring' && r.to === 'datalyptica-catalog/nessie' && r.port === 9000 && r.allowed));
  });

  it('reports a declared connection the policies block', () => {
    const platform = withObjects(platformFor({ target: 'kubernetes' }), (objects) =>
      objects.filter((p) => !(p.object.kind === 'NetworkPolicy' && p.object.metadata.name === 'nessie-ingress')),
    );
    const findings = networkChecker.run({ platform });
    assert.ok(findings.some((f) => f.rule === 'DL-NET-001' && f.message.includes('datalyptica-query/trino{app.kubernetes.io/component=coordinator} -> datalyptica-catalog/nessie on 19120/TCP')), JSON.stringify(findings.slice(0, 3)));
  });

  it('reports a connection the policies allow but nobody declared', () => {
    const platform = withObjects(platformFor({ target: 'kubernetes' }), (objects) => [
      ...objects,
      { owner: 'platform', object: policy('datalyptica-catalog', 'allow-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] }) },
    ]);
    const reachability = computeReachability(platform);
    assert.ok(reachability.extra.length > 0);
    assert.ok(networkChecker.run({ platform }).some((f) => f.rule === 'DL-NET-002'));
  });

  it('reports a namespace without default deny', () => {
    const platform = withObjects(platformFor({ target: 'kubernetes' }), (objects) =>
      objects.filter((p) => !(p.object.metadata.name === 'datalyptica-default-deny' && p.object.metadata.namespace === 'datalyptica-query')),
    );
    assert.ok(networkChecker.run({ platform }).some((f) => f.rule === 'DL-NET-005' && f.message.includes('datalyptica-query')));
  });

  it('rejects NodePort and LoadBalancer Services and finds none in any combination', () => {
    for (const config of ALL_COMBINATIONS) {
      for (const { object } of platformFor(config).objects) {
        if (object.kind === 'Service') assert.equal((object['spec'] as { type?: string }).type ?? 'ClusterIP', 'ClusterIP', `${object.metadata.namespace}/${object.metadata.name}`);
      }
    }
    const platform = withObjects(platformFor({ target: 'kubernetes' }), (objects) => [
      ...objects,
      { owner: 'nessie', object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'open', namespace: 'datalyptica-catalog' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } } },
    ]);
    assert.ok(networkChecker.run({ platform }).some((f) => f.rule === 'DL-NET-003' && f.object?.name === 'open'));
  });
});
