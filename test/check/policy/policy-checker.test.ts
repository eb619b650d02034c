import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyChecker } from '../../../src/check/policy/policy-checker.ts';
import { platformSuppressions } from '../../../src/check/run.ts';
import { applySuppressions } from '../../../src/check/suppressions.ts';
import { SEC, SEC_RULES } from '../../../src/check/policy/rules.ts';
import { imageProblem, literalSecretEnv } from '../../../src/check/policy/pod-rules.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';
import { isDeployment, mutated, rulesOf, run, withObjects } from '../support.ts';

type Json = Record<string, any>;
const base = platformFor({});
const nessie = isDeployment('nessie');
const podOf = (o: KubeObject): Json => (o as Json)['spec']['template']['spec'];
const mainOf = (o: KubeObject): Json => podOf(o)['containers'][0];

function fires(rule: string, mutate: (o: KubeObject) => void, platform = base): void {
  const findings = run(policyChecker, mutated(platform, nessie, mutate)).filter((f) => f.rule === rule);
  assert.ok(findings.length > 0, `${rule} did not fire`);
  assert.ok(findings.every((f) => f.object?.name === 'nessie'));
}

describe('policy checker', () => {
  for (const combination of ALL_COMBINATIONS) {
    it(`finds no error in the ${combination.profile} ${combination.target} ${combination.layout} platform`, () => {
      // The components' named exceptions (the log collector's hostPath) count as decided.
      const platform = platformFor(combination);
      const errors = applySuppressions(run(policyChecker, platform), platformSuppressions(platform)).filter((f) => f.severity === 'error' && !f.suppressed);
      assert.deepEqual(errors, []);
    });
  }

  it('gives every rule an id, a severity, a rationale and a remediation', () => {
    for (const rule of SEC_RULES) {
      assert.match(rule.id, /^DL-SEC-\d{3}$/);
      assert.ok(rule.rationale.length > 20 && rule.remediation.length > 10, rule.id);
    }
  });

  it('catches a container that may run as root', () => fires(SEC.runAsNonRoot.id, (o) => (mainOf(o)['securityContext']['runAsUser'] = 0)));
  it('catches a missing runAsNonRoot on a workload we write', () =>
    fires(SEC.runAsNonRoot.id, (o) => {
      delete mainOf(o)['securityContext']['runAsNonRoot'];
      delete podOf(o)['securityContext']['runAsNonRoot'];
    }));
  it('catches privilege escalation left at its default', () => fires(SEC.privilegeEscalation.id, (o) => delete mainOf(o)['securityContext']['allowPrivilegeEscalation']));
  it('catches a privileged container', () => fires(SEC.privilegeEscalation.id, (o) => (mainOf(o)['securityContext']['privileged'] = true)));
  it('catches added capabilities', () => fires(SEC.capabilities.id, (o) => (mainOf(o)['securityContext']['capabilities']['add'] = ['NET_ADMIN'])));
  it('catches capabilities not dropped', () => fires(SEC.capabilities.id, (o) => (mainOf(o)['securityContext']['capabilities'] = {})));
  it('catches an Unconfined seccomp profile', () => fires(SEC.seccomp.id, (o) => (mainOf(o)['securityContext']['seccompProfile'] = { type: 'Unconfined' })));
  it('catches missing seccomp on pod and container', () =>
    fires(SEC.seccomp.id, (o) => {
      delete mainOf(o)['securityContext']['seccompProfile'];
      delete podOf(o)['securityContext']['seccompProfile'];
    }));
  it('catches a container without limits', () => fires(SEC.resources.id, (o) => delete mainOf(o)['resources']['limits']));
  it('catches a long-running container without a readiness probe', () => fires(SEC.readinessProbe.id, (o) => delete mainOf(o)['readinessProbe']));
  it('warns about a long-running container without a liveness probe', () => fires(SEC.livenessProbe.id, (o) => delete mainOf(o)['livenessProbe']));
  it('catches the latest tag', () => fires(SEC.imageTag.id, (o) => (mainOf(o)['image'] = 'ghcr.io/projectnessie/nessie:latest')));
  it('catches an untagged image', () => fires(SEC.imageTag.id, (o) => (mainOf(o)['image'] = 'ghcr.io/projectnessie/nessie')));
  it('catches host namespaces', () => fires(SEC.hostNamespaces.id, (o) => (podOf(o)['hostPID'] = true)));
  it('catches a hostPath volume', () => fires(SEC.hostPath.id, (o) => podOf(o)['volumes'].push({ name: 'host', hostPath: { path: '/var/log' } })));
  it('catches a host port', () => fires(SEC.hostPort.id, (o) => (mainOf(o)['ports'][0]['hostPort'] = 19120)));
  it('catches a literal password in env', () => fires(SEC.secretInEnv.id, (o) => mainOf(o)['env'].push({ name: 'DB_PASSWORD', value: 'hunter2hunter2' })));
  it('catches a pod on the default ServiceAccount', () => fires(SEC.serviceAccount.id, (o) => delete podOf(o)['serviceAccountName']));
  it('warns about a mounted token with no Role bound', () => fires(SEC.automountToken.id, (o) => (podOf(o)['automountServiceAccountToken'] = true)));
  it('catches a pinned UID on OpenShift', () => fires(SEC.pinnedUid.id, (o) => (podOf(o)['securityContext']['runAsUser'] = 1000)));

  it('does not flag a pinned UID on Kubernetes', () => {
    const k8s = platformFor({ target: 'kubernetes' });
    const findings = run(policyChecker, mutated(k8s, nessie, (o) => (podOf(o)['securityContext']['runAsUser'] = 1000)));
    assert.ok(!rulesOf(findings).includes(SEC.pinnedUid.id));
  });

  it('tells credential references from credential values in env', () => {
    const env = [
      { name: 'DB_PASSWORD', value: 's3cr3t-value' },
      { name: 'API_KEY', value: 'abc123def' },
      { name: 'PASSWORD_FILE', value: '/etc/secret/password' },
      { name: 'S3_ACCESS_KEY', value: 'urn:nessie-secret:quarkus:s3' },
      { name: 'TOKEN', value: '$(TOKEN_FROM_SECRET)' },
      { name: 'SECRET_ENABLED', value: 'true' },
      { name: 'KEYCLOAK_ADMIN', value: 'admin' },
    ];
    assert.deepEqual(literalSecretEnv({ env }).map((e) => e.name), ['DB_PASSWORD', 'API_KEY']);
  });

  it('treats a registry port as no tag and a digest as pinned', () => {
    assert.equal(imageProblem('registry.local:5000/nessie'), 'has no tag (resolves to latest)');
    assert.equal(imageProblem('registry.local:5000/nessie:0.107.9'), undefined);
    assert.equal(imageProblem(`quay.io/x/y@sha256:${'a'.repeat(64)}`), undefined);
  });

  it('catches a wildcard Role and a cluster-admin binding', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'wild', namespace: 'datalyptica-catalog' }, rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'nessie', namespace: 'datalyptica-catalog' }],
    };
    const rules = rulesOf(run(policyChecker, withObjects(base, [role, binding])));
    assert.ok(rules.includes(SEC.rbacWildcard.id) && rules.includes(SEC.clusterAdmin.id));
  });

  it('catches a ClusterRole granting every non-resource URL', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'urls' }, rules: [{ nonResourceURLs: ['*'], verbs: ['get'] }] };
    const findings = run(policyChecker, withObjects(base, [role])).filter((f) => f.rule === SEC.rbacWildcard.id);
    assert.deepEqual(findings.map((f) => f.path), ['/rules/0/nonResourceURLs']);
  });

  it('catches a Route without TLS, a plain-HTTP edge Route and an Ingress host without TLS', () => {
    const route = (name: string, tls?: Json): KubeObject => ({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name, namespace: 'datalyptica-catalog' }, spec: { to: { kind: 'Service', name: 'nessie' }, ...(tls ? { tls } : {}) } });
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'open', namespace: 'datalyptica-catalog' },
      spec: { rules: [{ host: 'open.example.com' }] },
    };
    const findings = run(policyChecker, withObjects(base, [route('plain'), route('allow', { termination: 'edge', insecureEdgeTerminationPolicy: 'Allow' }), ingress])).filter((f) => f.rule === SEC.exposureTls.id);
    assert.deepEqual(findings.map((f) => f.object?.name).sort(), ['allow', 'open', 'plain']);
  });

  it('catches NodePort and LoadBalancer Services', () => {
    const findings = run(policyChecker, mutated(base, (o) => o.kind === 'Service' && o.metadata.name === 'nessie', (o) => ((o as Json)['spec']['type'] = 'NodePort')));
    assert.ok(rulesOf(findings).includes(SEC.serviceType.id));
  });

  it('warns about a ServiceAccount that mounts its token with no Role bound', () => {
    const findings = run(policyChecker, mutated(base, (o) => o.kind === 'ServiceAccount' && o.metadata.name === 'nessie', (o) => delete (o as Json)['automountServiceAccountToken']));
    assert.ok(findings.some((f) => f.rule === SEC.automountToken.id && f.object?.kind === 'ServiceAccount'));
  });

  it('catches the seed\'s unbound, permissive PostgreSQL SCC (audit A-32)', () => {
    const scc: KubeObject = {
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: { name: 'datalyptica-postgres-scc' },
      allowPrivilegedContainer: false,
      allowedCapabilities: ['CHOWN', 'FOWNER', 'SETGID', 'SETUID'],
      runAsUser: { type: 'MustRunAsRange', uidRangeMin: 26, uidRangeMax: 26 },
    };
    const messages = run(policyChecker, withObjects(base, [scc])).filter((f) => f.rule === SEC.customScc.id).map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('allowPrivilegeEscalation')));
    assert.ok(messages.some((m) => m.includes('CHOWN')));
    assert.ok(messages.some((m) => m.includes('no Role with verb use')));
  });

  it('accepts a restricted-v2-based SCC bound through a Role with verb use, and lets its pods pin a UID', () => {
    const ns = 'datalyptica-catalog';
    const scc: KubeObject = {
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: { name: 'nessie-fixed-uid' },
      allowPrivilegedContainer: false,
      allowPrivilegeEscalation: false,
      requiredDropCapabilities: ['ALL'],
      runAsUser: { type: 'MustRunAs', uid: 10000 },
      seccompProfiles: ['runtime/default'],
    };
    const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'use-scc', namespace: ns }, rules: [{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: ['nessie-fixed-uid'], verbs: ['use'] }] };
    const binding: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'use-scc', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'use-scc' },
      subjects: [{ kind: 'ServiceAccount', name: 'nessie', namespace: ns }],
    };
    const platform = mutated(withObjects(base, [scc, role, binding]), nessie, (o) => (podOf(o)['securityContext']['runAsUser'] = 10000));
    const rules = rulesOf(run(policyChecker, platform));
    assert.ok(!rules.includes(SEC.customScc.id) && !rules.includes(SEC.pinnedUid.id), rules.join(','));
  });

  it('catches a Kubernetes namespace without enforce=restricted', () => {
    const k8s = platformFor({ target: 'kubernetes' });
    const findings = run(policyChecker, mutated(k8s, (o) => o.kind === 'Namespace', (o) => delete o.metadata.labels!['pod-security.kubernetes.io/enforce']));
    assert.ok(rulesOf(findings).includes(SEC.podSecurityLabels.id));
  });

  it('catches a namespace without a default-deny NetworkPolicy', () => {
    const platform = { ...base, objects: base.objects.filter((p) => !(p.object.kind === 'NetworkPolicy' && p.object.metadata.namespace === 'datalyptica-query')) };
    const findings = run(policyChecker, platform).filter((f) => f.rule === SEC.networkPolicyCoverage.id);
    assert.deepEqual(findings.map((f) => f.object?.name), ['datalyptica-query']);
  });

  it('catches a plain Secret with values in the render tree', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'datalyptica-catalog' }, stringData: { password: 'x' } };
    assert.ok(rulesOf(run(policyChecker, withObjects(base, [secret]))).includes(SEC.secretInManifest.id));
  });

  it('flags a bad value an operator CR sets but not a field it leaves to the operator', () => {
    const findings = run(
      policyChecker,
      mutated(base, (o) => o.kind === 'KafkaNodePool', (o) => {
        const template = ((o as Json)['spec']['template'] ??= {});
        template['kafkaContainer'] = { securityContext: { allowPrivilegeEscalation: true } };
      }),
    ).filter((f) => f.object?.kind === 'KafkaNodePool');
    assert.deepEqual(rulesOf(findings), [SEC.privilegeEscalation.id]);
  });
  it('catches a privileged init container in a workload we write', () =>
    fires(SEC.privilegeEscalation.id, (o) => {
      podOf(o)['initContainers'] = [{ ...structuredClone(mainOf(o)), name: 'setup', securityContext: { ...mainOf(o)['securityContext'], privileged: true } }];
    }));

  it('catches a Role granting "*" verbs and a RoleBinding to cluster-admin', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'all-verbs', namespace: 'datalyptica-catalog' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }] };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ns-admin', namespace: 'datalyptica-catalog' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'nessie' }],
    };
    const findings = run(policyChecker, withObjects(base, [role, binding]));
    assert.deepEqual(findings.filter((f) => f.rule === SEC.rbacWildcard.id).map((f) => f.path), ['/rules/0/verbs']);
    assert.deepEqual(findings.filter((f) => f.rule === SEC.clusterAdmin.id).map((f) => f.object?.name), ['ns-admin']);
  });

  it('catches an Ingress with no tls section at all', () => {
    const ingress: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'plain', namespace: 'datalyptica-catalog' }, spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }] } };
    const findings = run(policyChecker, withObjects(base, [ingress])).filter((f) => f.rule === SEC.exposureTls.id);
    assert.equal(findings.length, 2);
  });

  it('catches a hostPath volume a SparkApplication mounts into its driver and executor pods', () => {
    const findings = run(
      policyChecker,
      mutated(base, (o) => o.kind === 'SparkApplication', (o) => {
        (o as Json)['spec']['volumes'] = [{ name: 'host', hostPath: { path: '/var/lib' } }];
      }),
    ).filter((f) => f.rule === SEC.hostPath.id);
    assert.deepEqual(findings.map((f) => f.object?.kind), ['SparkApplication', 'SparkApplication']);
  });

  it('catches a hostPath volume in a Flink podTemplate', () => {
    const findings = run(
      policyChecker,
      mutated(base, (o) => o.kind === 'FlinkDeployment', (o) => {
        const spec = (o as Json)['spec'];
        spec['podTemplate'] ??= { spec: {} };
        spec['podTemplate']['spec'] ??= {};
        (spec['podTemplate']['spec']['volumes'] ??= []).push({ name: 'host', hostPath: { path: '/' } });
      }),
    );
    assert.ok(findings.some((f) => f.rule === SEC.hostPath.id && f.object?.kind === 'FlinkDeployment'), 'DL-SEC-010 did not fire on the FlinkDeployment');
  });

  describe('redis-operator CRs', () => {
    const redisFindings = (mutate: (spec: Json) => void): string[] =>
      rulesOf(run(policyChecker, mutated(base, (o) => o.kind === 'RedisReplication', (o) => mutate((o as Json)['spec']))).filter((f) => f.object?.kind === 'RedisReplication'));

    it('accepts the rendered RedisReplication and RedisSentinel', () => {
      assert.deepEqual(run(policyChecker, base).filter((f) => f.object?.kind.startsWith('Redis')), []);
    });
    it('catches a privileged init container', () =>
      assert.deepEqual(redisFindings((spec) => (spec['initContainer'] = { enabled: true, image: 'quay.io/opstree/redis:v8.2.9', securityContext: { privileged: true } })), [SEC.privilegeEscalation.id]));
    it('catches a privileged Redis container', () => assert.deepEqual(redisFindings((spec) => (spec['securityContext'] = { ...spec['securityContext'], privileged: true })), [SEC.privilegeEscalation.id]));
    it('catches a host port', () => assert.deepEqual(redisFindings((spec) => (spec['hostPort'] = 6379)), [SEC.hostPort.id]));
    it('catches a hostPath volume', () =>
      assert.deepEqual(redisFindings((spec) => (spec['storage']['volumeMount'] = { volume: [{ name: 'host', hostPath: { path: '/etc' } }], mountPath: [{ name: 'host', mountPath: '/host' }] })), [SEC.hostPath.id]));
    it('catches a root pod security context', () => {
      const rules = redisFindings((spec) => (spec['podSecurityContext'] = { ...spec['podSecurityContext'], runAsUser: 0 }));
      assert.ok(rules.includes(SEC.runAsNonRoot.id), `got ${rules.join(', ')}`);
    });
    it('catches an exporter on the latest tag', () => assert.deepEqual(redisFindings((spec) => (spec['redisExporter']['image'] = 'quay.io/opstree/redis-exporter:latest')), [SEC.imageTag.id]));
  });
});
