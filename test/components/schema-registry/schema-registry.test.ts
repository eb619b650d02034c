import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { streamingPlatform } from '../kafka/support.ts';

const deploymentOf = (config = {}) => findObject(objectsOf(streamingPlatform(config), 'schema-registry'), 'Deployment', 'schema-registry');
const envOf = (deployment: unknown) => at(deployment, 'spec.template.spec.containers.0.env') as { name: string; value?: string; valueFrom?: Record<string, Record<string, string>> }[];

describe('schema-registry', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/schema-registry/production-openshift', streamingPlatform().components.get('schema-registry')!.build.objects);
  });

  it('runs 3 replicas in production, 2 in small and 1 in dev', () => {
    assert.equal(at(deploymentOf(), 'spec.replicas'), 3);
    assert.equal(at(deploymentOf({ profile: 'small' }), 'spec.replicas'), 2);
    assert.equal(at(deploymentOf({ profile: 'dev' }), 'spec.replicas'), 1);
  });

  it('gets a PDB in production and none in dev', () => {
    const pdb = (config = {}) => objectsOf(streamingPlatform(config), 'schema-registry').filter((o) => o.kind === 'PodDisruptionBudget');
    assert.equal(at(pdb()[0], 'spec.maxUnavailable'), 1);
    assert.equal(pdb({ profile: 'dev' }).length, 0);
  });

  it('turns off service links and advertises its pod IP (audit A-25, A-26)', () => {
    const deployment = deploymentOf();
    assert.equal(at(deployment, 'spec.template.spec.enableServiceLinks'), false);
    const host = envOf(deployment).find((e) => e.name === 'SCHEMA_REGISTRY_HOST_NAME');
    assert.equal(host?.valueFrom?.['fieldRef']?.['fieldPath'], 'status.podIP');
  });

  it('connects to Kafka over TLS as its own KafkaUser, with stores mounted and passwords from Secrets', () => {
    const deployment = deploymentOf();
    const env = envOf(deployment);
    const value = (name: string) => env.find((e) => e.name === name)?.value;
    assert.equal(value('SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL'), 'SSL');
    assert.match(value('SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS')!, /:9093$/);
    for (const name of ['SCHEMA_REGISTRY_KAFKASTORE_SSL_KEYSTORE_PASSWORD', 'SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_PASSWORD']) {
      const entry = env.find((e) => e.name === name)!;
      assert.equal(entry.value, undefined);
      assert.ok(entry.valueFrom?.['secretKeyRef']);
    }
    const volumes = at(deployment, 'spec.template.spec.volumes') as { secret?: { secretName: string } }[];
    assert.deepEqual(volumes.filter((v) => v.secret).map((v) => v.secret!.secretName).sort(), ['datalyptica-kafka-cluster-ca-cert', 'datalyptica-schema-registry']);
  });

  it('has readiness, liveness and startup probes and a restricted security context', () => {
    const container = at(deploymentOf(), 'spec.template.spec.containers.0') as Record<string, unknown>;
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) assert.ok(container[probe], probe);
    assert.equal(at(container, 'securityContext.allowPrivilegeEscalation'), false);
    assert.equal(at(container, 'ports.0.containerPort'), 8081);
  });

  it('admits kafka-connect, flink, spark and trino on 8081', () => {
    // Each declares `consumes: [{ component: 'schema-registry' }]` in its own folder.
    const flows = streamingPlatform({}, { withEngines: true }).components.get('schema-registry')!.build.flows;
    const from = flows.filter((f) => f.ports.some((p) => p.port === 8081)).map((f) => (f.from.kind === 'component' ? f.from.component : f.from.kind));
    for (const client of ['kafka-connect', 'flink', 'spark', 'trino']) assert.ok(from.includes(client as never), client);
  });

  it('copies its Kafka Secrets when it runs outside the Kafka namespace', () => {
    const secrets = streamingPlatform({ components: { 'schema-registry': { namespace: 'registry' } } }).components.get('schema-registry')!.build.secrets;
    assert.deepEqual(secrets.map((s) => [s.name, s.namespace, s.source, s.copyFrom?.namespace]), [
      ['datalyptica-schema-registry', 'registry', 'copy', 'datalyptica-streaming'],
      ['datalyptica-kafka-cluster-ca-cert', 'registry', 'copy', 'datalyptica-streaming'],
    ]);
  });

  it('starts the image entry point with the JMX exporter agent the image ships, found by pattern, on port 9404', () => {
    const container = at(deploymentOf(), 'spec.template.spec.containers.0') as { command: string[]; ports: { name: string; containerPort: number }[]; volumeMounts: { name: string; mountPath: string }[] };
    assert.equal(container.command[0], '/bin/bash');
    const script = container.command[2]!;
    assert.match(script, /for f in \/usr\/share\/java\/cp-base-\*\/jmx_prometheus_javaagent-\*\.jar/);
    assert.match(script, /-javaagent:\$agent=9404:\/etc\/jmx-exporter\/config\.yaml/);
    assert.match(script, /exit 1/);
    assert.match(script.split('\n').at(-1)!, /^exec \/etc\/confluent\/docker\/run$/);
    assert.deepEqual(container.ports.map((p) => [p.name, p.containerPort]), [['http', 8081], ['metrics', 9404]]);
    assert.ok(container.volumeMounts.some((m) => m.name === 'jmx-exporter' && m.mountPath === '/etc/jmx-exporter'));
  });

  it('exports only the documented global MBeans, under names its alerts use', () => {
    const config = parse((findObject(objectsOf(streamingPlatform(), 'schema-registry'), 'ConfigMap', 'schema-registry-jmx-exporter')['data'] as Record<string, string>)['config.yaml']!);
    assert.equal(config.lowercaseOutputName, true);
    assert.deepEqual(
      config.rules.map((r: { pattern: string }) => r.pattern),
      ['kafka.schema.registry<type=jetty-metrics><>([a-z_-]+)', 'kafka.schema.registry<type=master-slave-role><>master-slave-role', 'kafka.schema.registry<type=jersey-metrics><>([a-z-]+)'],
    );
    const build = streamingPlatform().components.get('schema-registry')!.build;
    assert.deepEqual(build.metrics!.map((m) => [m.name, m.via, m.port, m.targetPort]), [['schema-registry', 'pod', 'metrics', 9404]]);
    const alerts = new Map(build.alerts!.map((a) => [a.alert, a.expr]));
    assert.equal(alerts.get('SchemaRegistryDown'), 'absent(up{namespace="datalyptica-streaming",job="schema-registry"} == 1)');
    assert.match(alerts.get('SchemaRegistryNoLeader')!, /^sum\(schema_registry_master_slave_role\{/);
    assert.match(alerts.get('SchemaRegistryRequestErrors')!, /schema_registry_jersey_request_error_rate/);
  });

  it('admits Prometheus to the metrics port on Kubernetes through a PodMonitor', () => {
    const platform = platformFor({ target: 'kubernetes' });
    const monitor = findObject(platform.objects.map((p) => p.object), 'PodMonitor', 'schema-registry');
    assert.equal(at(monitor, 'spec.podMetricsEndpoints.0.port'), 'metrics');
    const policy = findObject(platform.objects.map((p) => p.object), 'NetworkPolicy', 'schema-registry-ingress');
    const rules = at(policy, 'spec.ingress') as { from?: { podSelector?: { matchLabels?: Record<string, string> } }[]; ports?: { port: number }[] }[];
    assert.deepEqual(rules.find((r) => r.from?.some((f) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus'))?.ports?.map((p) => p.port), [9404]);
  });
});
