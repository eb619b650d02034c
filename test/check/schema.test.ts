import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaCandidates } from '../../src/check/schema/lookup.ts';
import { translatePattern } from '../../src/check/schema/prepare.ts';
import { schemaChecker } from '../../src/check/schema/schema-checker.ts';
import { SchemaValidator } from '../../src/check/schema/validator.ts';
import { formatFinding } from '../../src/check/finding.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';

const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });

describe('schema lookup', () => {
  it('follows the README rule: group folder first, then kubernetes/{kind}-{first label}-{version}', () => {
    assert.deepEqual(schemaCandidates('v1', 'Service'), ['kubernetes/service-v1.json']);
    assert.deepEqual(schemaCandidates('apps/v1', 'Deployment'), ['apps/deployment_v1.json', 'kubernetes/deployment-apps-v1.json']);
    assert.deepEqual(schemaCandidates('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'), [
      'rbac.authorization.k8s.io/clusterrolebinding_v1.json',
      'kubernetes/clusterrolebinding-rbac-v1.json',
    ]);
    assert.deepEqual(schemaCandidates('sparkoperator.k8s.io/v1beta2', 'SparkApplication')[0], 'sparkoperator.k8s.io/sparkapplication_v1beta2.json');
  });

  it('finds the files the README table names', () => {
    assert.match(validator.fileFor('kafka.strimzi.io/v1beta2', 'Kafka') ?? '', /kafka\.strimzi\.io\/kafka_v1beta2\.json$/);
    assert.match(validator.fileFor('networking.k8s.io/v1', 'NetworkPolicy') ?? '', /kubernetes\/networkpolicy-networking-v1\.json$/);
    assert.equal(validator.fileFor('example.com/v1', 'Widget'), undefined);
  });
});

describe('schema validation', () => {
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', namespace: 'n' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
  };

  it('accepts a well-formed object', () => {
    assert.equal(validator.validate(deployment).status, 'valid');
  });

  it('reports a wrong type and an unknown field with their paths', () => {
    const bad = structuredClone(deployment) as KubeObject & { spec: Record<string, unknown> };
    bad.spec['replicas'] = 'three';
    (bad.spec['template'] as { spec: { containers: Record<string, unknown>[] } }).spec.containers[0]!['imagePullPolicyy'] = 'Always';
    const result = validator.validate(bad);
    assert.equal(result.status, 'invalid');
    assert.ok(result.errors.some((e) => e.path === '/spec/replicas'));
    assert.ok(result.errors.some((e) => e.path === '/spec/template/spec/containers/0' && e.message.includes('imagePullPolicyy')));
  });

  it('reports objects with no schema instead of passing them', () => {
    assert.equal(validator.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).status, 'noschema');
  });

  it('translates Go RE2 inline case-insensitive flags', () => {
    assert.equal(new RegExp(translatePattern('^(?i)(abort|warn)?$')).test('WARN'), true);
    assert.equal(new RegExp(translatePattern('^(?i:(ms|s))$')).test('MS'), true);
    assert.equal(new RegExp(translatePattern('^(?i:(ms|s))$')).test('x'), false);
  });

  for (const combination of ALL_COMBINATIONS) {
    const label = `${combination.profile}/${combination.target}/${combination.layout}`;
    it(`passes every rendered object with no failure and no missing schema (${label})`, () => {
      const findings = schemaChecker.run({ platform: platformFor(combination), schemas: validator });
      assert.deepEqual(findings.map(formatFinding), []);
    });
  }
});
