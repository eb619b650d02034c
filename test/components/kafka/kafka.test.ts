import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import {
  KAFKA_FORBIDDEN_EXCEPTIONS,
  KAFKA_FORBIDDEN_PREFIXES,
  STRIMZI_RELEASES,
  STRIMZI_RELEASE_NAMES,
  forbiddenKeys,
  strimziKubernetesFloor,
} from '../../../src/components/kafka/strimzi.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { streamingPlatform } from './support.ts';

const STREAMING = ['kafka', 'schema-registry', 'kafka-connect'] as const;
const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
const kafkaOf = (objects: KubeObject[]) => findObject(objects, 'Kafka', 'datalyptica-kafka');
const pools = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'KafkaNodePool');

describe('kafka', () => {
  it('matches the production snapshot', () => {
    // The component's own objects: derived ones (PDBs, NetworkPolicies) have their own tests.
    matchSnapshot('components/kafka/production-openshift', streamingPlatform({}, { withEngines: true }).components.get('kafka')!.build.objects);
  });

  it('runs separate pools of 3 controllers and 5 brokers in production', () => {
    const objects = objectsOf(streamingPlatform(), 'kafka');
    const byName = new Map(pools(objects).map((p) => [p.metadata.name, p]));
    assert.deepEqual([...byName.keys()].sort(), ['broker', 'controller']);
    assert.equal(at(byName.get('controller'), 'spec.replicas'), 3);
    assert.deepEqual(at(byName.get('controller'), 'spec.roles'), ['controller']);
    assert.equal(at(byName.get('broker'), 'spec.replicas'), 5);
    assert.deepEqual(at(byName.get('broker'), 'spec.roles'), ['broker']);
    assert.equal(at(byName.get('broker'), 'spec.storage.volumes.0.size'), '1Ti');
    assert.equal(at(byName.get('broker'), 'spec.storage.type'), 'jbod');
    assert.equal(at(byName.get('broker'), 'spec.storage.volumes.0.deleteClaim'), false);
  });

  it('runs 3 dual-role nodes in small and 1 in dev, with replication sized to the brokers', () => {
    for (const [profile, replicas, rf, isr] of [['small', 3, 3, 2], ['dev', 1, 1, 1]] as const) {
      const objects = objectsOf(streamingPlatform({ profile }), 'kafka');
      const [pool, ...rest] = pools(objects);
      assert.equal(rest.length, 0, profile);
      assert.equal(pool!.metadata.name, 'dual-role');
      assert.deepEqual(at(pool, 'spec.roles'), ['controller', 'broker']);
      assert.equal(at(pool, 'spec.replicas'), replicas);
      const config = at(kafkaOf(objects), 'spec.kafka.config') as Record<string, unknown>;
      assert.equal(config['default.replication.factor'], rf);
      assert.equal(config['min.insync.replicas'], isr);
      assert.equal(config['offsets.topic.replication.factor'], rf);
    }
  });

  it('keeps replication factor 3, min ISR 2 and unclean election off in production', () => {
    const config = at(kafkaOf(objectsOf(streamingPlatform(), 'kafka')), 'spec.kafka.config') as Record<string, unknown>;
    assert.equal(config['default.replication.factor'], 3);
    assert.equal(config['min.insync.replicas'], 2);
    assert.equal(config['transaction.state.log.min.isr'], 2);
    assert.equal(config['unclean.leader.election.enable'], false);
    assert.equal(config['num.io.threads'], 16);
  });

  it('never writes a key Strimzi forbids into spec.kafka.config, in any combination', () => {
    const rules = { prefixes: KAFKA_FORBIDDEN_PREFIXES, exceptions: KAFKA_FORBIDDEN_EXCEPTIONS };
    // The guard itself catches the seed's KRaft keys (audit A-01).
    assert.deepEqual(forbiddenKeys({ 'process.roles': 'broker,controller', 'node.id': 1, 'controller.quorum.voters': 'x', 'controller.quorum.election.timeout.ms': 1 }, rules), ['process.roles', 'node.id', 'controller.quorum.voters']);
    for (const combo of [...ALL_COMBINATIONS, { zones: ['a', 'b', 'c'] }]) {
      const config = at(kafkaOf(objectsOf(streamingPlatform(combo), 'kafka')), 'spec.kafka.config') as Record<string, unknown>;
      assert.deepEqual(forbiddenKeys(config, rules), [], JSON.stringify(combo));
    }
  });

  it('has no ZooKeeper anywhere', () => {
    for (const combo of ALL_COMBINATIONS) {
      const text = JSON.stringify(objectsOf(streamingPlatform(combo), 'kafka')).toLowerCase();
      assert.ok(!text.includes('zookeeper'), JSON.stringify(combo));
    }
  });

  it('serves a plain listener on 9092 and an mTLS listener on 9093 with simple authorization', () => {
    const kafka = kafkaOf(objectsOf(streamingPlatform(), 'kafka'));
    const listeners = at(kafka, 'spec.kafka.listeners') as { name: string; port: number; tls: boolean; authentication: { type: string } }[];
    assert.deepEqual(listeners.map((l) => [l.name, l.port, l.tls]), [['plain', 9092, false], ['tls', 9093, true]]);
    assert.equal(listeners[1]!.authentication.type, 'tls');
    assert.equal(at(kafka, 'spec.kafka.authorization.type'), 'simple');
    assert.ok(at(kafka, 'spec.entityOperator.topicOperator'));
    assert.ok(at(kafka, 'spec.entityOperator.userOperator'));
  });

  it('labels every Kafka pod app.kubernetes.io/name=kafka through the pod templates', () => {
    const objects = objectsOf(streamingPlatform(), 'kafka');
    const kafka = kafkaOf(objects);
    const templates = [at(kafka, 'spec.kafka.template.pod'), at(kafka, 'spec.entityOperator.template.pod'), ...pools(objects).map((p) => at(p, 'spec.template.pod'))];
    for (const pod of templates) assert.equal(at(pod, 'metadata.labels')?.['app.kubernetes.io/name' as never], 'kafka');
  });

  it('enables rack awareness and a zone spread only on multi-zone clusters', () => {
    const single = kafkaOf(objectsOf(streamingPlatform(), 'kafka'));
    assert.equal(at(single, 'spec.kafka.rack'), undefined);
    const objects = objectsOf(streamingPlatform({ zones: ['a', 'b', 'c'] }), 'kafka');
    assert.equal(at(kafkaOf(objects), 'spec.kafka.rack.topologyKey'), 'topology.kubernetes.io/zone');
    for (const pool of pools(objects)) assert.equal(at(pool, 'spec.template.pod.topologySpreadConstraints.0.topologyKey'), 'topology.kubernetes.io/zone');
  });

  it('spreads production pools over nodes with a real label selector', () => {
    for (const pool of pools(objectsOf(streamingPlatform(), 'kafka'))) {
      const term = at(pool, 'spec.template.pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0') as Record<string, unknown>;
      assert.deepEqual(at(term, 'labelSelector.matchLabels'), { 'strimzi.io/cluster': 'datalyptica-kafka', 'strimzi.io/pool-name': pool.metadata.name });
    }
  });

  it('exports metrics through a ConfigMap and a PodMonitor, never a ServiceMonitor', () => {
    const objects = objectsOf(streamingPlatform(), 'kafka');
    const kafka = kafkaOf(objects);
    assert.equal(at(kafka, 'spec.kafka.metricsConfig.type'), 'jmxPrometheusExporter');
    const ref = at(kafka, 'spec.kafka.metricsConfig.valueFrom.configMapKeyRef') as { name: string; key: string };
    assert.ok(at(findObject(objects, 'ConfigMap', ref.name), `data`)?.[ref.key as never]);
    const monitor = findObject(objects, 'PodMonitor', 'datalyptica-kafka');
    assert.equal(at(monitor, 'spec.podMetricsEndpoints.0.port'), 'tcp-prometheus');
    assert.ok(!objects.some((o) => o.kind === 'ServiceMonitor'));
  });

  it('renders a KafkaUser with mTLS and least-privilege ACLs for every identity the consumers declare, plus the probe', () => {
    const users = objectsOf(streamingPlatform({}, { withEngines: true }), 'kafka').filter((o) => o.kind === 'KafkaUser');
    const declared = ['schema-registry', 'kafka-connect', 'debezium', 'flink', 'spark', 'trino', 'probe'];
    assert.deepEqual(users.map((u) => u.metadata.name).sort(), declared.map((c) => `datalyptica-${c}`).sort());
    for (const user of users) {
      assert.equal(at(user, 'spec.authentication.type'), 'tls');
      const acls = at(user, 'spec.authorization.acls') as { resource: { type: string; name?: string }; operations: string[] }[];
      assert.ok(acls.length > 0);
      for (const acl of acls) {
        assert.notEqual(acl.resource.type, 'cluster', user.metadata.name);
        assert.ok(acl.resource.name && acl.resource.name !== '*', `${user.metadata.name}: no wildcard resource`);
        assert.ok(!acl.operations.includes('All') && !acl.operations.includes('Alter'), user.metadata.name);
        // Delete only for the probe, only on its throwaway consumer groups (`datalyptica validate` removes its group).
        const deletesOwnGroups = user.metadata.name === 'datalyptica-probe' && acl.resource.type === 'group' && acl.resource.name === 'datalyptica-probe';
        assert.ok(!acl.operations.includes('Delete') || deletesOwnGroups, `${user.metadata.name}: Delete on ${acl.resource.type} ${acl.resource.name}`);
      }
    }
    const sr = users.find((u) => u.metadata.name === 'datalyptica-schema-registry')!;
    assert.deepEqual((at(sr, 'spec.authorization.acls') as { resource: { name: string } }[]).map((a) => a.resource.name), ['_schemas', 'schema-registry']);
  });

  it('creates KafkaTopics for the schemas store, the Connect internals, the probe and the CDC example', () => {
    const names = (config = {}) => objectsOf(streamingPlatform(config), 'kafka').filter((o) => o.kind === 'KafkaTopic').map((t) => at(t, 'spec.topicName'));
    assert.deepEqual(names().sort(), ['_schemas', 'datalyptica-connect-configs', 'datalyptica-connect-offsets', 'datalyptica-connect-status', 'datalyptica-probe']);
    assert.ok(names({ components: { 'kafka-connect': { cdcExample: true, cdcTables: ['public.orders'] } } }).includes('cdc.public.orders'));
  });

  it('declares disruption as operator-managed, so no PDB of ours covers Strimzi pods', () => {
    const platform = streamingPlatform();
    const build = platform.components.get('kafka')!.build;
    assert.ok(build.disruption.length >= 2 && build.disruption.every((d) => d.operatorManaged === true));
    for (const owner of STREAMING) {
      for (const pdb of objectsOf(platform, owner).filter((o) => o.kind === 'PodDisruptionBudget')) {
        const selector = at(pdb, 'spec.selector.matchLabels') as Record<string, string>;
        assert.ok(!Object.keys(selector).some((k) => k.startsWith('strimzi.io/')), pdb.metadata.name);
        assert.notEqual(selector['app.kubernetes.io/name'], 'kafka');
        assert.notEqual(selector['app.kubernetes.io/name'], 'kafka-connect');
      }
    }
  });

  it('declares the Strimzi operator for OLM and Helm', () => {
    const [operator] = streamingPlatform().components.get('kafka')!.build.operators;
    assert.equal(operator!.olm.package, 'strimzi-kafka-operator');
    assert.equal(operator!.olm.source, 'community-operators');
    assert.equal(operator!.olm.channel, 'stable');
    assert.deepEqual(operator!.kubernetes.type === 'helm' && [operator!.kubernetes.repo, operator!.kubernetes.chart, operator!.kubernetes.version], ['oci://quay.io/strimzi-helm', 'strimzi-kafka-operator', '1.2.0']);
    const older = streamingPlatform({ components: { kafka: { strimzi: '0.50.1' } } });
    assert.equal(older.components.get('kafka')!.build.operators[0]!.olm.startingCSV, 'strimzi-cluster-operator.v0.50.1');
    assert.equal(at(kafkaOf(objectsOf(older, 'kafka')), 'spec.kafka.version'), '4.1.1');
  });

  it('declares flows for clients, the quorum and the operator, and its metrics endpoint', () => {
    const build = streamingPlatform().components.get('kafka')!.build;
    const flows = build.flows;
    const ports = (predicate: (f: (typeof flows)[number]) => boolean) => flows.filter(predicate).flatMap((f) => f.ports.map((p) => p.port)).sort();
    assert.deepEqual(ports((f) => f.from.kind === 'component' && f.from.component === 'schema-registry'), [9092, 9093]);
    assert.deepEqual(ports((f) => f.from.kind === 'component' && f.from.component === 'kafka'), [9090, 9091]);
    assert.deepEqual(build.metrics?.map((m) => [m.name, m.via, m.port, m.targetPort]), [
      ['datalyptica-kafka', 'pod', 'tcp-prometheus', 9404],
      ['datalyptica-kafka-kafka-exporter', 'pod', 'tcp-prometheus', 9404],
    ]);
    assert.ok(build.alerts?.some((a) => a.alert === 'KafkaConsumerGroupLagHigh' && a.expr.includes('kafka_consumergroup_lag')));
    assert.ok(ports((f) => f.from.kind === 'operator').includes(9091));
  });

  it('checks readiness and a produce/consume round trip over mTLS', () => {
    const checks = streamingPlatform().components.get('kafka')!.build.checks;
    const roundtrip = checks.find((c) => c.id === 'kafka.roundtrip')!;
    assert.equal(roundtrip.probe.type, 'kafka');
    assert.ok(roundtrip.probe.type === 'kafka' && roundtrip.probe.endpoint.port === 9093 && roundtrip.probe.tls?.userSecret === 'datalyptica-probe');
    assert.ok(checks.some((c) => c.probe.type === 'object-ready' && c.probe.ref.kind === 'Kafka'));
    assert.ok(checks.some((c) => c.id === 'kafka.pool.broker'));
  });

  it('renders objects valid against their schemas in every profile, target and layout', () => {
    for (const combo of [...ALL_COMBINATIONS, { zones: ['a', 'b'] }, { components: { 'kafka-connect': { cdcExample: true } } }]) {
      const platform = streamingPlatform(combo, { withEngines: true });
      for (const owner of STREAMING) {
        for (const object of platform.components.get(owner)!.build.objects) {
          const result = validator.validate(object);
          // The project's own schemas cover OpenShift's ImageStream (the Connect build output).
          assert.equal(result.status, 'valid', `${JSON.stringify(combo)} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
        }
      }
    }
  });

  it('writes no password or key literal into any streaming object', () => {
    const secretName = /password|secret|\.key$|_KEY$/i;
    for (const combo of [...ALL_COMBINATIONS, { components: { 'kafka-connect': { cdcExample: true } } }]) {
      const platform = streamingPlatform(combo);
      for (const owner of STREAMING) {
        for (const object of objectsOf(platform, owner)) {
          assert.notEqual(object.kind, 'Secret');
          assert.ok(!/BEGIN [A-Z ]*PRIVATE KEY|BEGIN CERTIFICATE/.test(JSON.stringify(object)), object.metadata.name);
          const containers = (at(object, 'spec.template.spec.containers') ?? []) as { env?: { name: string; value?: string }[] }[];
          for (const env of containers.flatMap((c) => c.env ?? [])) {
            if (secretName.test(env.name)) assert.equal(env.value, undefined, `${object.metadata.name}: ${env.name} must come from a Secret`);
          }
          const config = (object.kind === 'KafkaConnector' ? at(object, 'spec.config') : {}) as Record<string, unknown>;
          for (const [key, value] of Object.entries(config)) {
            if (secretName.test(key)) assert.match(String(value), /^\$\{secrets:/, `${object.metadata.name}: ${key}`);
          }
        }
      }
    }
  });

  it('gives Trino a read-only KafkaUser on the data topics and its own group prefix', () => {
    const trino = objectsOf(streamingPlatform({}, { withEngines: true }), 'kafka').find((o) => o.kind === 'KafkaUser' && o.metadata.name === 'datalyptica-trino');
    assert.ok(trino);
    const acls = at(trino, 'spec.authorization.acls') as { resource: { type: string; name: string; patternType: string }; operations: string[] }[];
    assert.deepEqual(acls.filter((a) => a.resource.type === 'topic').map((a) => a.resource.name), ['cdc.', 'spark.', 'flink.']);
    assert.deepEqual(acls.filter((a) => a.resource.type === 'group').map((a) => [a.resource.name, a.resource.patternType]), [['trino-', 'prefix']]);
    for (const acl of acls) assert.deepEqual(acl.operations, ['Read', 'Describe']);
  });
});

describe('strimziKubernetesFloor', () => {
  it('needs Kubernetes 1.30 with the default Strimzi release, above the product floor of 1.27', () => {
    assert.equal(strimziKubernetesFloor(resolveConfig({})), 30);
  });

  it('drops to 1.27 when the user pins the 0.50.1 line', () => {
    assert.equal(strimziKubernetesFloor(resolveConfig({ components: { kafka: { strimzi: '0.50.1' } } })), 27);
  });

  it('has no floor when neither Kafka nor Kafka Connect is enabled', () => {
    const config = resolveConfig({ components: { kafka: { enabled: false }, 'kafka-connect': { enabled: false }, 'schema-registry': { enabled: false } } });
    assert.equal(strimziKubernetesFloor(config), undefined);
  });

  it('matches the minimum Kubernetes version recorded for every release', () => {
    for (const release of STRIMZI_RELEASE_NAMES) {
      const expected = Number(STRIMZI_RELEASES[release].minKubernetes.split('.')[1]);
      assert.equal(strimziKubernetesFloor(resolveConfig({ components: { kafka: { strimzi: release } } })), Math.max(expected, 27), release);
    }
  });
});
