import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { operatorInstallPlan } from '../../../src/platform/derive/operators.ts';
import { at, findObject, objectsOf } from '../../support/platform.ts';
import { platformWith } from '../../components/object-storage/support.ts';

describe('operators phase', () => {
  it('subscribes once per enabled operator on OpenShift, AllNamespaces ones in openshift-operators without an OperatorGroup', () => {
    const platform = platformWith({ objectStorage: { mode: 'minio' } });
    const objects = objectsOf(platform, 'operators');
    const mine = objects.filter((o) => o.kind === 'Subscription' && ['clickhouse', 'minio-operator'].includes(o.metadata.name));
    assert.equal(mine.length, 2);
    assert.ok(mine.every((s) => s.metadata.namespace === 'openshift-operators'));
    const names = objects.filter((o) => o.kind === 'Subscription').map((s) => s.metadata.name);
    assert.equal(new Set(names).size, names.length, 'one Subscription per operator');
    for (const group of objects.filter((o) => o.kind === 'OperatorGroup')) assert.notEqual(group.metadata.namespace, 'openshift-operators');
    assert.equal(at(findObject(objects, 'Subscription', 'clickhouse'), 'spec.installPlanApproval'), 'Automatic');
  });

  it('applies the approval and per-operator channel and starting CSV overrides', () => {
    const platform = platformWith({ operators: { approval: 'Manual', overrides: { clickhouse: { channel: 'stable', startingCSV: 'clickhouse-operator.v0.26.3' } } } });
    const sub = findObject(objectsOf(platform, 'operators'), 'Subscription', 'clickhouse');
    assert.equal(at(sub, 'spec.installPlanApproval'), 'Manual');
    assert.equal(at(sub, 'spec.channel'), 'stable');
    assert.equal(at(sub, 'spec.startingCSV'), 'clickhouse-operator.v0.26.3');
  });

  it('has no subscription for an operator whose component is disabled', () => {
    const platform = platformWith({ components: { clickhouse: { enabled: false } } });
    assert.ok(!objectsOf(platform, 'operators').some((o) => o.kind === 'Subscription' && o.metadata.name === 'clickhouse'));
    assert.ok(!objectsOf(platform, 'operators').some((o) => o.kind === 'Subscription' && o.metadata.name === 'minio-operator'));
  });

  it('lists typed install sources on Kubernetes and shows them in a ConfigMap', () => {
    const platform = platformWith({ target: 'kubernetes', objectStorage: { mode: 'minio' } });
    const plan = operatorInstallPlan(platform);
    const mine = plan.filter((p) => p.id === 'minio' || p.id === 'clickhouse');
    assert.deepEqual(mine.map((p) => [p.id, p.type]), [['minio', 'helm'], ['clickhouse', 'helm']]);
    const ids = plan.map((p) => p.id);
    assert.ok(ids.indexOf('minio') < ids.indexOf('clickhouse'), 'registry order: object-storage before clickhouse');
    const cm = findObject(objectsOf(platform, 'operators'), 'ConfigMap', 'datalyptica-operator-sources');
    assert.equal(cm.metadata.namespace, 'datalyptica-system');
    const listed = parse((cm['data'] as Record<string, string>)['sources.yaml'] ?? '') as { id: string; version: string }[];
    assert.deepEqual(listed.map((p) => p.id), plan.map((p) => p.id));
    assert.ok(objectsOf(platform, 'operators').every((o) => o.kind !== 'Subscription'));
  });

  it('is deterministic', () => {
    assert.deepEqual(operatorInstallPlan(platformWith({})), operatorInstallPlan(platformWith({})));
  });

  it('installs the Spark operator from its Helm chart on OpenShift too, with no Subscription', () => {
    const platform = platformWith({});
    const spark = operatorInstallPlan(platform).find((p) => p.id === 'spark-operator');
    assert.equal(spark?.type, 'helm');
    assert.ok(!objectsOf(platform, 'operators').some((o) => o.kind === 'Subscription' && o.metadata.name === 'spark-gcp'));
    const cm = findObject(objectsOf(platform, 'operators'), 'ConfigMap', 'datalyptica-operator-sources');
    const listed = parse((cm['data'] as Record<string, string>)['sources.yaml'] ?? '') as { id: string }[];
    assert.ok(listed.some((p) => p.id === 'spark-operator'));
    assert.ok(listed.every((p) => p.id !== 'cloudnative-pg'), 'OLM operators stay out of the sources list on OpenShift');
  });

  it('lists the Barman Cloud plugin right after CloudNativePG, in its namespace, on both targets', () => {
    for (const target of ['openshift', 'kubernetes'] as const) {
      const plan = operatorInstallPlan(platformWith({ target }));
      const ids = plan.map((p) => p.id);
      const plugin = plan[ids.indexOf('cloudnative-pg') + 1];
      assert.equal(plugin?.id, 'plugin-barman-cloud', target);
      assert.equal(plugin.type, 'manifest');
      assert.equal(plugin.companionOf, 'cloudnative-pg');
      assert.deepEqual(plugin.requires, ['cert-manager']);
      assert.equal(plugin.namespace, target === 'openshift' ? 'openshift-operators' : 'cnpg-system');
      assert.equal(ids.filter((id) => id === 'plugin-barman-cloud').length, 1);
    }
    const cm = findObject(objectsOf(platformWith({}), 'operators'), 'ConfigMap', 'datalyptica-operator-sources');
    assert.match((cm['data'] as Record<string, string>)['sources.yaml'] ?? '', /plugin-barman-cloud/);
  });

  it('renders no sources ConfigMap on OpenShift when everything installs through OLM', () => {
    const platform = platformWith({ components: { spark: { enabled: false }, postgres: { operator: 'crunchy' } } });
    assert.ok(!objectsOf(platform, 'operators').some((o) => o.kind === 'ConfigMap'));
  });

  it('sets the Valkey feature gate on the redis-operator Subscription through spec.config.env', () => {
    const sub = (engine: 'redis' | 'valkey') => findObject(objectsOf(platformWith({ components: { redis: { engine } } }), 'operators'), 'Subscription', 'redis-operator');
    assert.deepEqual(at(sub('valkey'), 'spec.config.env'), [{ name: 'FEATURE_GATES', value: 'GenerateConfigInInitContainer=true' }]);
    assert.equal(at(sub('redis'), 'spec.config'), undefined);
  });
});

describe('operators with a namespace of their own', () => {
  it('installs the Red Hat cert-manager operator in cert-manager-operator with its own OperatorGroup', () => {
    const objects = objectsOf(platformWith({}), 'operators');
    const sub = findObject(objects, 'Subscription', 'openshift-cert-manager-operator');
    assert.equal(sub.metadata.namespace, 'cert-manager-operator');
    const group = findObject(objects, 'OperatorGroup', 'openshift-cert-manager-operator');
    assert.equal(group.metadata.namespace, 'cert-manager-operator');
    assert.equal(at(group, 'spec.targetNamespaces'), undefined, 'AllNamespaces mode');
    assert.ok(objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'cert-manager-operator'));
  });

  it('rejects overrides for operators the platform does not install, with a did-you-mean', () => {
    assert.throws(
      () => platformWith({ operators: { overrides: { clickhous: { channel: 'x' } } } }),
      (error: unknown) =>
        error instanceof Error && 'details' in error && (error as { details: string[] }).details[0] === 'operators.overrides.clickhous: no enabled component needs this operator; did you mean "clickhouse"?',
    );
  });
});
