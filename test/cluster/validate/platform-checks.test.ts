import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import { platformChecks } from '../../../src/cluster/validate/platform-checks.ts';
import { CHECK_GROUPS } from '../../../src/model/live-check.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';

describe('the live checks of a platform', () => {
  const platform = platformFor();
  const checks = collectChecks(platform);

  it('number at least 50 for the default platform (seed 002: "50+ automated checks")', () => {
    assert.ok(checks.length >= 50, `only ${checks.length} checks`);
  });

  it('cover all nine of the seed\'s groups for the default platform', () => {
    const groups = new Set(checks.map((c) => c.group));
    assert.deepEqual([...groups].sort(), [...CHECK_GROUPS].sort());
  });

  it('check that every Secret of the secrets plan exists, in the management group', () => {
    for (const secret of platform.secrets) {
      const check = checks.find((c) => c.id === `secrets.${secret.namespace}.${secret.name}`);
      assert.equal(check?.group, 'management', `${secret.namespace}/${secret.name}`);
    }
  });

  it('have unique ids in every profile, target and layout', () => {
    for (const config of ALL_COMBINATIONS) {
      const ids = collectChecks(platformFor(config)).map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, JSON.stringify(config));
    }
  });

  it('are ordered by the seed\'s group order', () => {
    const ranks = checks.map((c) => CHECK_GROUPS.indexOf(c.group));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  });

  it('are a pure function of the platform', () => {
    assert.deepEqual(collectChecks(platformFor()), checks);
  });

  it('include every component\'s declared checks unchanged', () => {
    for (const built of platform.components.values()) {
      for (const declared of built.build.checks) assert.deepEqual(checks.find((c) => c.id === declared.id), declared);
    }
  });

  it('check each namespace with its rendered labels and annotations, its quota and its limit range', () => {
    for (const namespace of platform.namespaces) {
      const exists = checks.find((c) => c.id === `namespaces.${namespace}`);
      assert.ok(exists && exists.probe.type === 'object-exists', namespace);
      assert.equal(exists.probe.labels?.['platform'], 'datalyptica');
      assert.equal(exists.probe.labels?.['pod-security.kubernetes.io/audit'], 'restricted');
      assert.ok(checks.some((c) => c.id === `namespaces.${namespace}.quota`));
      assert.ok(checks.some((c) => c.id === `namespaces.${namespace}.limits`));
    }
  });

  it('check operators through OLM on OpenShift and through their Deployments on Kubernetes', () => {
    const openshift = platformChecks(platformFor({ target: 'openshift' })).filter((c) => c.group === 'operators' && c.probe.type === 'operator');
    const kubernetes = platformChecks(platformFor({ target: 'kubernetes' })).filter((c) => c.group === 'operators' && c.probe.type === 'operator');
    assert.ok(openshift.length > 0 && kubernetes.length > 0);
    assert.ok(kubernetes.every((c) => c.probe.type === 'operator' && c.probe.install.via === 'workloads'));
    assert.ok(openshift.some((c) => c.probe.type === 'operator' && c.probe.install.via === 'olm'));
  });

  it('check every Deployment and StatefulSet the platform renders and every Service with a selector', () => {
    for (const { object } of platform.objects) {
      const idPart = `${object.metadata.namespace}.${object.metadata.name}`;
      if (object.kind === 'Deployment' || object.kind === 'StatefulSet') assert.ok(checks.some((c) => c.id === `workload.${object.kind.toLowerCase()}.${idPart}`), idPart);
      if (object.kind === 'Service' && (object['spec'] as { selector?: unknown }).selector !== undefined) assert.ok(checks.some((c) => c.id === `services.${idPart}`), idPart);
    }
  });

  it('check StorageClasses named in the config', () => {
    const named = platformChecks(platformFor({ storage: { classes: { fast: { name: 'fast-ssd' }, standard: { name: 'standard-ssd' } } } }));
    assert.deepEqual(named.filter((c) => c.id.startsWith('storage.class.')).map((c) => c.id), ['storage.class.fast-ssd', 'storage.class.standard-ssd']);
  });

  it('keep only the requested groups', () => {
    const only = collectChecks(platform, { groups: ['storage', 'routes'] });
    assert.ok(only.length > 0);
    assert.ok(only.every((c) => c.group === 'storage' || c.group === 'routes'));
  });

  it('never put a secret value in a probe: credentials are Secret references', () => {
    const text = JSON.stringify(checks);
    assert.doesNotMatch(text, /"password":"[^{]/);
  });
});
