import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coversRendered, guardedDrift, mergePatch } from '../../src/cluster/drift.ts';
import type { KubeObject } from '../../src/model/kube.ts';

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

// Hand changes restored by a re-deploy, and reported by diff, on the real API server: test/real-apiserver/drift.test.ts.
