import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECT_FORBIDDEN_EXCEPTIONS, CONNECT_FORBIDDEN_PREFIXES, forbiddenKeys } from '../../../src/components/kafka/strimzi.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { streamingPlatform } from '../kafka/support.ts';

const objects = (config: UserConfig = {}) => objectsOf(streamingPlatform(config), 'kafka-connect');
const configOf = (object: unknown) => at(object, 'spec.config') as Record<string, unknown>;
const connectOf = (config: UserConfig = {}) => findObject(objects(config), 'KafkaConnect', 'datalyptica-connect');

describe('kafka-connect', () => {
  it('matches the production snapshot with the CDC example', () => {
    matchSnapshot('components/kafka-connect/production-openshift-cdc', streamingPlatform({ components: { 'kafka-connect': { cdcExample: true } } }).components.get('kafka-connect')!.build.objects);
  });

  it('runs 3 workers in production and manages connectors as resources', () => {
    const connect = connectOf();
    assert.equal(at(connect, 'spec.replicas'), 3);
    assert.equal(connect.metadata.annotations?.['strimzi.io/use-connector-resources'], 'true');
  });

  it('connects over TLS with its KafkaUser certificate', () => {
    const connect = connectOf();
    assert.match(at(connect, 'spec.bootstrapServers') as string, /:9093$/);
    assert.equal(at(connect, 'spec.authentication.type'), 'tls');
    assert.equal(at(connect, 'spec.authentication.certificateAndKey.secretName'), 'datalyptica-kafka-connect');
    assert.equal(at(connect, 'spec.tls.trustedCertificates.0.secretName'), 'datalyptica-kafka-cluster-ca-cert');
  });

  it('builds Debezium and the Avro converter into an ImageStream on OpenShift', () => {
    const all = objects();
    const build = at(findObject(all, 'KafkaConnect', 'datalyptica-connect'), 'spec.build') as { output: { type: string; image: string }; plugins: { name: string }[] };
    assert.equal(build.output.type, 'imagestream');
    assert.deepEqual(build.plugins.map((p) => p.name), ['debezium-connector-postgres', 'confluent-avro-converter']);
    assert.equal(findObject(all, 'ImageStream', build.output.image.split(':')[0]!).kind, 'ImageStream');
    assert.equal(configOf(findObject(all, 'KafkaConnect', 'datalyptica-connect'))['value.converter'], 'io.confluent.connect.avro.AvroConverter');
  });

  it('pushes to a registry on Kubernetes, runs a given image, or warns that plugins are missing', () => {
    const registry = connectOf({ target: 'kubernetes', components: { 'kafka-connect': { build: { output: 'reg.example.com/dl/connect:1', pushSecret: 'push' } } } });
    assert.deepEqual(at(registry, 'spec.build.output'), { type: 'docker', image: 'reg.example.com/dl/connect:1', pushSecret: 'push' });
    const image = connectOf({ components: { 'kafka-connect': { image: 'reg.example.com/dl/connect:2' } } });
    assert.equal(at(image, 'spec.image'), 'reg.example.com/dl/connect:2');
    assert.equal(at(image, 'spec.build'), undefined);
    const stock = streamingPlatform({ target: 'kubernetes' });
    assert.equal(configOf(findObject(objectsOf(stock, 'kafka-connect'), 'KafkaConnect', 'datalyptica-connect'))['value.converter'], 'org.apache.kafka.connect.json.JsonConverter');
    assert.ok(stock.warnings.some((w) => w.startsWith('kafka-connect:') && w.includes('components.kafka-connect.image')));
  });

  it('never writes a key Strimzi forbids into spec.config', () => {
    for (const combo of ALL_COMBINATIONS) {
      const config = at(connectOf(combo), 'spec.config') as Record<string, unknown>;
      assert.deepEqual(forbiddenKeys(config, { prefixes: CONNECT_FORBIDDEN_PREFIXES, exceptions: CONNECT_FORBIDDEN_EXCEPTIONS }), [], JSON.stringify(combo));
      assert.equal(config['config.providers'], 'secrets,configmaps');
    }
  });

  it('lets the connect ServiceAccount read only the Secrets and ConfigMaps connectors reference', () => {
    const all = objects({ components: { 'kafka-connect': { cdcExample: true } } });
    const role = findObject(all, 'Role', 'datalyptica-connect-config-provider');
    assert.deepEqual(at(role, 'rules'), [
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['datalyptica-debezium', 'datalyptica-pg-debezium'], verbs: ['get'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['datalyptica-connect-cdc-settings'], verbs: ['get'] },
    ]);
    const binding = findObject(all, 'RoleBinding', 'datalyptica-connect-config-provider');
    assert.equal(at(binding, 'subjects.0.name'), 'datalyptica-connect-connect');
  });

  it('renders the CDC example only when asked, with no credential in its config', () => {
    assert.ok(!objects().some((o) => o.kind === 'KafkaConnector'));
    const connector = findObject(objects({ components: { 'kafka-connect': { cdcExample: true } } }), 'KafkaConnector', 'datalyptica-postgres-cdc');
    const config = at(connector, 'spec.config') as Record<string, string>;
    assert.equal(config['database.password'], '${secrets:datalyptica-streaming/datalyptica-pg-debezium:password}');
    assert.equal(config['producer.override.ssl.keystore.key'], '${secrets:datalyptica-streaming/datalyptica-debezium:user.key}');
    assert.equal(config['plugin.name'], 'pgoutput');
    assert.equal(at(connector, 'metadata.labels')?.['strimzi.io/cluster' as never], 'datalyptica-connect');
  });

  it('connects the CDC example to the PostgreSQL primary, never the pooler', () => {
    const settings = findObject(objects({ components: { 'kafka-connect': { cdcExample: true } } }), 'ConfigMap', 'datalyptica-connect-cdc-settings');
    assert.match((at(settings, 'data') as Record<string, string>)['database.hostname']!, /^datalyptica-postgres-rw\./);
  });

  it('leaves disruption to Strimzi and waits for Kafka and Schema Registry', () => {
    const build = streamingPlatform().components.get('kafka-connect')!.build;
    assert.ok(build.disruption.every((d) => d.operatorManaged));
    assert.deepEqual(build.dependsOn, ['kafka', 'schema-registry']);
  });

  it('renders every object, the OpenShift ImageStream included, valid against the shared and project schemas', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    let imageStreams = 0;
    for (const combination of ALL_COMBINATIONS) {
      for (const object of objects({ ...combination, components: { 'kafka-connect': { cdcExample: true } } })) {
        if (object.kind === 'ImageStream') imageStreams++;
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${JSON.stringify(combination)} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
    }
    assert.ok(imageStreams > 0);
  });

  it('leaves the debezium database login to the postgres component, which declares it once with its value group', () => {
    const platform = streamingPlatform({ components: { 'kafka-connect': { cdcExample: true }, postgres: { operator: 'crunchy' } } });
    assert.ok(!platform.components.get('kafka-connect')!.build.secrets.some((s) => s.name === 'datalyptica-pg-debezium'));
    const copies = platform.secrets.filter((s) => s.name === 'datalyptica-pg-debezium' && s.namespace === 'datalyptica-streaming');
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.valueGroup, 'postgres-debezium');
  });
});
