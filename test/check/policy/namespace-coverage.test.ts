import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDefaultDeny } from '../../../src/check/policy/object-rules.ts';
import { policyChecker } from '../../../src/check/policy/policy-checker.ts';
import { SEC } from '../../../src/check/policy/rules.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';
import { run } from '../support.ts';

describe('every namespace the platform creates is fenced and capped', () => {
  for (const combination of ALL_COMBINATIONS) {
    it(`gives each created Namespace a default-deny policy, a ResourceQuota and a LimitRange (${combination.profile} ${combination.target} ${combination.layout})`, () => {
      const platform = platformFor(combination);
      const created = platform.objects.filter((p) => p.object.kind === 'Namespace').map((p) => p.object.metadata.name);
      for (const ns of created) {
        const inNs = platform.objects.map((p) => p.object).filter((o) => o.metadata.namespace === ns);
        assert.ok(inNs.some(isDefaultDeny), `${ns} has no default-deny NetworkPolicy`);
        assert.ok(inNs.some((o) => o.kind === 'ResourceQuota'), `${ns} has no ResourceQuota`);
        assert.ok(inNs.some((o) => o.kind === 'LimitRange'), `${ns} has no LimitRange`);
      }
    });
  }

  it('includes the Red Hat cert-manager operator namespace on OpenShift, with DNS and API server egress for the operator', () => {
    const platform = platformFor({ target: 'openshift' });
    const inNs = platform.objects.map((p) => p.object).filter((o) => o.metadata.namespace === 'cert-manager-operator');
    assert.ok(platform.objects.some((p) => p.object.kind === 'Namespace' && p.object.metadata.name === 'cert-manager-operator'));
    assert.ok(inNs.some(isDefaultDeny));
    const names = inNs.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
    assert.deepEqual(names, ['datalyptica-allow-dns', 'datalyptica-default-deny', 'datalyptica-operators']);
    const quota = inNs.find((o) => o.kind === 'ResourceQuota') as { spec: { hard: Record<string, string> } } | undefined;
    assert.equal(quota?.spec.hard['pods'], '20', 'one controller: the smallest floor');
  });

  it('reports a created namespace without a quota or LimitRange as DL-SEC-024 and without default-deny as DL-SEC-013', () => {
    const base = platformFor({ target: 'openshift' });
    const stripped = { ...base, objects: base.objects.filter((p) => p.object.metadata.namespace !== 'cert-manager-operator' || p.object.kind === 'OperatorGroup' || p.object.kind === 'Subscription') };
    const findings = run(policyChecker, stripped).filter((f) => f.object?.name === 'cert-manager-operator');
    assert.deepEqual(findings.map((f) => f.rule).sort(), [SEC.networkPolicyCoverage.id, SEC.namespaceQuota.id, SEC.namespaceQuota.id]);
    assert.deepEqual(run(policyChecker, base).filter((f) => f.rule === SEC.namespaceQuota.id), []);
  });
});
