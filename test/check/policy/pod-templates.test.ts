import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podTemplatesOf } from '../../../src/check/policy/pod-templates.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { platformFor } from '../../support/platform.ts';

const pod = { containers: [{ name: 'main', image: 'x:1' }] };
const k = (apiVersion: string, kind: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'demo', namespace: 'ns', ...(labels ? { labels } : {}) },
  spec,
});

describe('podTemplatesOf', () => {
  it('finds the pod spec of every built-in workload kind, with its path', () => {
    const cases: [KubeObject, string][] = [
      [k('apps/v1', 'Deployment', { replicas: 2, template: { spec: pod } }), '/spec/template/spec'],
      [k('apps/v1', 'StatefulSet', { template: { spec: pod } }), '/spec/template/spec'],
      [k('apps/v1', 'DaemonSet', { template: { spec: pod } }), '/spec/template/spec'],
      [k('batch/v1', 'Job', { template: { spec: pod } }), '/spec/template/spec'],
      [k('batch/v1', 'CronJob', { jobTemplate: { spec: { template: { spec: pod } } } }), '/spec/jobTemplate/spec/template/spec'],
    ];
    for (const [object, path] of cases) {
      const views = podTemplatesOf(object);
      assert.equal(views.length, 1, object.kind);
      assert.equal(views[0]!.path, path);
      assert.equal(views[0]!.complete, true);
      assert.equal(views[0]!.containers[0]!.path, `${path}/containers/0`);
    }
    assert.equal(podTemplatesOf(cases[0]![0])[0]!.replicas, 2);
    assert.equal(podTemplatesOf(cases[3]![0])[0]!.longRunning, false);
  });

  it('finds the pod templates operator CRs expose, as partial views', () => {
    const cases: [KubeObject, string[]][] = [
      [k('kafka.strimzi.io/v1', 'KafkaNodePool', { replicas: 3, roles: ['controller'], template: { pod: { securityContext: {} }, kafkaContainer: { env: [] } } }, { 'strimzi.io/cluster': 'c' }), ['/spec/template/pod']],
      [k('kafka.strimzi.io/v1', 'KafkaConnect', { template: { pod: {} } }), ['/spec/template/pod']],
      [k('flink.apache.org/v1beta1', 'FlinkDeployment', { podTemplate: { spec: pod }, taskManager: { podTemplate: { spec: pod } } }), ['/spec/podTemplate/spec', '/spec/taskManager/podTemplate/spec']],
      [k('sparkoperator.k8s.io/v1beta2', 'SparkApplication', { image: 'spark:4', driver: {}, executor: {} }), ['/spec/driver', '/spec/executor']],
      [k('sparkoperator.k8s.io/v1beta2', 'ScheduledSparkApplication', { template: { driver: {}, executor: {} } }), ['/spec/template/driver', '/spec/template/executor']],
      [k('clickhouse.altinity.com/v1', 'ClickHouseInstallation', { templates: { podTemplates: [{ name: 'p', spec: pod }] } }), ['/spec/templates/podTemplates/0/spec']],
      [k('minio.min.io/v2', 'Tenant', { pools: [{ name: 'pool-0', servers: 4, securityContext: {} }] }), ['/spec/pools/0']],
      [k('postgresql.cnpg.io/v1', 'Cluster', { instances: 3 }), ['/spec']],
      [k('postgresql.cnpg.io/v1', 'Pooler', { instances: 2, template: { spec: pod } }), ['/spec/template/spec']],
    ];
    for (const [object, paths] of cases) {
      const views = podTemplatesOf(object);
      assert.deepEqual(views.map((v) => v.path), paths, object.kind);
      assert.ok(views.every((v) => !v.complete && v.operator !== undefined), object.kind);
    }
  });

  it('adds the labels operators put on their pods, so selectors written against them match', () => {
    const [view] = podTemplatesOf(k('kafka.strimzi.io/v1', 'KafkaNodePool', { replicas: 3, roles: ['controller'], template: { pod: {} } }, { 'strimzi.io/cluster': 'kafka' }));
    assert.equal(view!.labels['strimzi.io/pool-name'], 'demo');
    assert.equal(view!.labels['strimzi.io/cluster'], 'kafka');
    assert.equal(view!.labels['strimzi.io/controller-role'], 'true');
  });

  it('reads the Spark application image into driver and executor containers', () => {
    const views = podTemplatesOf(k('sparkoperator.k8s.io/v1beta2', 'SparkApplication', { image: 'spark:4.0.1', driver: {}, executor: {} }));
    assert.deepEqual(views.map((v) => v.containers[0]!.container['image']), ['spark:4.0.1', 'spark:4.0.1']);
    assert.ok(views.every((v) => !v.longRunning));
  });

  it('gives no pod template for objects without pods', () => {
    assert.deepEqual(podTemplatesOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }), []);
    assert.deepEqual(podTemplatesOf(k('kafka.strimzi.io/v1', 'KafkaTopic', { partitions: 3 })), []);
  });

  it('finds a pod template in every workload and operator CR of the default platform', () => {
    const kinds = new Set(platformFor({}).objects.flatMap((p) => (podTemplatesOf(p.object).length > 0 ? [p.object.kind] : [])));
    for (const kind of ['Deployment', 'StatefulSet', 'CronJob', 'KafkaNodePool', 'KafkaConnect', 'Cluster', 'Pooler', 'ClickHouseInstallation', 'FlinkDeployment', 'SparkApplication']) {
      assert.ok(kinds.has(kind), `${kind} not extracted`);
    }
  });
});
