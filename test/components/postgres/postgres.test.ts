import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { COMPONENTS } from '../../../src/components/registry.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import type { ComponentDefinition } from '../../../src/model/component.ts';
import { enabledComponents } from '../../../src/platform/assemble.ts';
import { PlatformBuildContext } from '../../../src/platform/context.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';

const NO_DBT = { dbt: { enabled: false } };
const build = (config: UserConfig = {}) => platformFor({ ...config, components: { ...NO_DBT, ...(config.components ?? {}) } });
const built = (config: UserConfig = {}) => build(config).components.get('postgres')!.build;

describe('postgres component', () => {
  it('matches the production snapshot for both operators', () => {
    matchSnapshot('components/postgres/cnpg-production', build().components.get('postgres')!.build.objects);
    matchSnapshot('components/postgres/crunchy-production', build({ components: { postgres: { operator: 'crunchy' } } }).components.get('postgres')!.build.objects);
  });

  it('runs 3 instances in production, 2 in small and 1 in dev with required anti-affinity when HA', () => {
    for (const [profile, instances] of [['production', 3], ['small', 2], ['dev', 1]] as const) {
      const cluster = findObject(objectsOf(build({ profile }), 'postgres'), 'Cluster', 'datalyptica-postgres');
      assert.equal(at(cluster, 'spec.instances'), instances);
      assert.equal(at(cluster, 'spec.affinity.podAntiAffinityType'), instances > 1 ? 'required' : 'preferred');
    }
  });

  it('declares a role, a Database and a generated basic-auth Secret for every enabled component that asks for a database', () => {
    const objects = objectsOf(build(), 'postgres');
    const cluster = findObject(objects, 'Cluster', 'datalyptica-postgres');
    const roles = (at(cluster, 'spec.managed.roles') as { name: string; passwordSecret: { name: string } }[]).map((r) => r.name);
    assert.deepEqual(roles, ['nessie', 'debezium', 'trino', 'keycloak', 'airflow', 'mlflow', 'superset', 'grafana']);
    assert.equal(at(cluster, 'spec.bootstrap.initdb.owner'), 'datalyptica');
    assert.equal(objects.filter((o) => o.kind === 'Database').length, roles.length);
    const secrets = built().secrets;
    for (const consumer of ['datalyptica', ...roles]) {
      const secret = secrets.find((s) => s.name === `datalyptica-pg-${consumer}` && s.namespace === 'datalyptica-catalog');
      assert.ok(secret, consumer);
      assert.equal(secret.type, 'kubernetes.io/basic-auth');
      assert.equal(secret.source, 'generated');
      assert.equal(secret.valueGroup, `postgres-${consumer}`);
      assert.equal(secret.keys.find((k) => k.key === 'password')?.value, undefined);
    }
  });

  it('copies the consumer Secret into the consumer namespace in the layered layout with the same value group', () => {
    const secrets = built({ layout: 'layered' }).secrets.filter((s) => s.valueGroup === 'postgres-nessie');
    assert.deepEqual(secrets.map((s) => s.namespace).sort(), ['datalyptica-data', 'datalyptica-storage']);
  });

  it('backs up through the Barman Cloud plugin with the object-storage credentials', () => {
    const objects = objectsOf(build(), 'postgres');
    const cluster = findObject(objects, 'Cluster', 'datalyptica-postgres');
    assert.deepEqual(at(cluster, 'spec.plugins.0.parameters'), { barmanObjectName: 'datalyptica-postgres-backups' });
    assert.equal(at(cluster, 'spec.backup'), undefined);
    const store = findObject(objects, 'ObjectStore', 'datalyptica-postgres-backups');
    assert.equal(at(store, 'spec.configuration.s3Credentials.accessKeyId.name'), 'datalyptica-s3');
    const scheduled = findObject(objects, 'ScheduledBackup', 'datalyptica-postgres-daily');
    assert.equal(at(scheduled, 'spec.method'), 'plugin');
    // The platform renders the PodMonitors from the declared endpoints, not the operator's deprecated flag.
    assert.equal(at(cluster, 'spec.monitoring'), undefined);
    assert.ok(findObject(objects, 'PodMonitor', 'postgres'));
    assert.ok(findObject(objects, 'PodMonitor', 'postgres-pooler'));
  });

  it('serves consumers through the pooler-rw Service postgresAccess promises', () => {
    const pooler = findObject(objectsOf(build(), 'postgres'), 'Pooler', 'datalyptica-postgres-pooler-rw');
    assert.equal(at(pooler, 'spec.type'), 'rw');
    assert.equal(at(pooler, 'spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation'), false);
    assert.equal(at(pooler, 'spec.template.spec.securityContext.runAsNonRoot'), true);
  });

  it('declares flows from consumers, the operator and replication, and metrics on the exporters', () => {
    const flows = built().flows;
    const ports = (predicate: (f: (typeof flows)[number]) => boolean) => flows.filter(predicate).flatMap((f) => f.ports.map((p) => p.port));
    assert.deepEqual(ports((f) => f.from.kind === 'component' && f.from.component === 'nessie'), [5432]);
    assert.deepEqual(ports((f) => f.from.kind === 'operator'), [8000]);
    assert.deepEqual(built().metrics?.map((m) => [m.name, m.targetPort]), [['postgres', 9187], ['postgres-pooler', 9127]]);
    assert.ok(flows.some((f) => f.from.kind === 'component' && f.from.component === 'postgres' && f.description.includes('replication')));
  });

  it('leaves PodDisruptionBudgets for instances to the operator and asks for the OLM and Helm installs', () => {
    const b = built();
    assert.equal(b.disruption[0]!.operatorManaged, true);
    assert.equal(b.operators[0]!.olm.package, 'cloudnative-pg');
    assert.equal(b.operators[0]!.olm.source, 'certified-operators');
    assert.equal(b.operators[0]!.companions?.[0]?.id, 'plugin-barman-cloud');
    assert.deepEqual(b.dependsOn, ['object-storage']);
    assert.deepEqual(b.checks.map((c) => c.id), ['postgres.cluster', 'postgres.instances', 'postgres.pvcs', 'postgres.pooler', 'postgres.sql', 'postgres.backup-store']);
    assert.deepEqual(b.footprint[0]!.storage, [{ tier: 'fast', size: '500Gi' }]);
  });

  it('renders a Crunchy PostgresCluster with users, a real anti-affinity selector and path-style pgBackRest', () => {
    const config = { components: { postgres: { operator: 'crunchy' as const } } };
    const pg = findObject(objectsOf(build(config), 'postgres'), 'PostgresCluster', 'datalyptica-postgres');
    assert.deepEqual((at(pg, 'spec.users') as { name: string }[]).map((u) => u.name), ['datalyptica', 'nessie', 'debezium', 'trino', 'keycloak', 'airflow', 'mlflow', 'superset', 'grafana']);
    assert.deepEqual(at(pg, 'spec.instances.0.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchLabels'), {
      'postgres-operator.crunchydata.com/cluster': 'datalyptica-postgres',
      'postgres-operator.crunchydata.com/instance-set': 'main',
    });
    assert.equal(at(pg, 'spec.backups.pgbackrest.global.repo1-s3-uri-style'), 'path');
    assert.equal(at(pg, 'spec.backups.pgbackrest.configuration.0.secret.name'), 'datalyptica-postgres-pgbackrest-s3');
    assert.deepEqual(at(pg, 'spec.monitoring.pgmonitor.exporter'), {});
    const secrets = built(config).secrets;
    assert.ok(secrets.some((s) => s.name === 'datalyptica-postgres-pguser-nessie' && s.valueGroup === 'postgres-nessie'));
    assert.ok(secrets.some((s) => s.name === 'datalyptica-pg-nessie' && s.valueGroup === 'postgres-nessie'));
  });

  it('gives trino and debezium roles, debezium with REPLICATION on both operators', () => {
    const cluster = findObject(objectsOf(build(), 'postgres'), 'Cluster', 'datalyptica-postgres');
    const roles = at(cluster, 'spec.managed.roles') as { name: string; replication?: boolean }[];
    assert.equal(roles.find((r) => r.name === 'debezium')?.replication, true);
    assert.equal(roles.find((r) => r.name === 'trino')?.replication, undefined);
    const pg = findObject(objectsOf(build({ components: { postgres: { operator: 'crunchy' } } }), 'postgres'), 'PostgresCluster', 'datalyptica-postgres');
    const users = at(pg, 'spec.users') as { name: string; options: string }[];
    assert.match(users.find((u) => u.name === 'debezium')?.options ?? '', /\bREPLICATION\b/);
    assert.doesNotMatch(users.find((u) => u.name === 'trino')?.options ?? '', /REPLICATION/);
  });

  it('asks PGO for a schema owned by each user, since PostgreSQL 15+ denies CREATE on public to non-owners', () => {
    const pg = findObject(objectsOf(build({ components: { postgres: { operator: 'crunchy' } } }), 'postgres'), 'PostgresCluster', 'datalyptica-postgres');
    assert.equal(pg.metadata.annotations?.['postgres-operator.crunchydata.com/autoCreateUserSchema'], 'true');
  });

  it('puts the trino and debezium logins in the namespaces of Trino and Kafka Connect with the role\'s value group', () => {
    for (const operator of ['cnpg', 'crunchy'] as const) {
      const platform = build({ layout: 'layered', components: { postgres: { operator }, 'kafka-connect': { cdcExample: true } } });
      const secrets = platform.components.get('postgres')!.build.secrets;
      const trino = secrets.find((s) => s.name === 'datalyptica-pg-trino' && s.namespace === platform.components.get('trino')!.namespace);
      assert.ok(trino, `${operator}: trino copy`);
      assert.equal(trino.valueGroup, 'postgres-trino');
      assert.deepEqual(trino.consumers, ['trino']);
      const connectNs = platform.components.get('kafka-connect')!.namespace;
      const debezium = secrets.find((s) => s.name === 'datalyptica-pg-debezium' && s.namespace === connectNs);
      assert.ok(debezium, `${operator}: debezium copy`);
      assert.equal(debezium.valueGroup, 'postgres-debezium');
      assert.deepEqual(debezium.consumers, ['kafka-connect']);
      // The connector reads exactly this Secret (config provider), so nothing else may declare it differently.
      const connector = findObject(objectsOf(platform, 'kafka-connect'), 'KafkaConnector', 'datalyptica-postgres-cdc');
      assert.match(JSON.stringify(at(connector, 'spec.config')), new RegExp(`secrets:${connectNs}/datalyptica-pg-debezium:password`));
      assert.equal(platform.secrets.filter((s) => s.name === 'datalyptica-pg-debezium' && s.namespace === connectNs).length, 1);
    }
  });

  it('plans no role, Database or login for a component that is not enabled', () => {
    const platform = build({ layout: 'layered', components: { trino: { enabled: false }, 'kafka-connect': { enabled: false }, dbt: { enabled: false }, keycloak: { enabled: false }, airflow: { enabled: false }, grafana: { enabled: false } } });
    const b = platform.components.get('postgres')!.build;
    const roles = (at(findObject(b.objects, 'Cluster', 'datalyptica-postgres'), 'spec.managed.roles') as { name: string }[]).map((r) => r.name);
    assert.deepEqual(roles, ['nessie', 'mlflow', 'superset']);
    for (const role of ['trino', 'debezium', 'keycloak', 'airflow', 'grafana']) {
      assert.deepEqual(b.secrets.filter((s) => s.valueGroup === `postgres-${role}`), [], role);
      assert.ok(!b.objects.some((o) => o.kind === 'Database' && o.metadata.name.endsWith(`-${role}`)), role);
    }
    for (const secret of platform.secrets) assert.ok(platform.namespaces.includes(secret.namespace), `${secret.namespace}/${secret.name}`);
  });

  it('declares exactly the roles components.postgres.consumers lists, enabled or not', () => {
    const platform = build({ components: { trino: { enabled: false }, postgres: { consumers: ['datalyptica', 'trino', 'reporting'] } } });
    const b = platform.components.get('postgres')!.build;
    const roles = (at(findObject(b.objects, 'Cluster', 'datalyptica-postgres'), 'spec.managed.roles') as { name: string }[]).map((r) => r.name);
    assert.deepEqual(roles, ['trino', 'reporting']);
    const pgNamespace = platform.components.get('postgres')!.namespace;
    assert.deepEqual(b.secrets.filter((s) => s.valueGroup === 'postgres-trino').map((s) => s.namespace), [pgNamespace]);
  });

  it('lets Kafka Connect reach the primary instances on 5432 directly, not only the pooler', () => {
    for (const operator of ['cnpg', 'crunchy'] as const) {
      const flow = built({ components: { postgres: { operator } } }).flows.find((f) => f.from.kind === 'component' && f.from.component === 'kafka-connect');
      assert.ok(flow, operator);
      assert.deepEqual(flow.ports.map((p) => p.port), [5432]);
      const instances = operator === 'cnpg' ? { 'cnpg.io/cluster': 'datalyptica-postgres', 'cnpg.io/podRole': 'instance' } : { 'postgres-operator.crunchydata.com/cluster': 'datalyptica-postgres', 'postgres-operator.crunchydata.com/instance-set': 'main' };
      assert.deepEqual(flow.toSelector, instances);
    }
  });

  it('derives its ingress flows from the database requests: one per requester, the replication one to the primary', () => {
    const flows = built().flows.filter((f) => f.from.kind === 'component' && f.from.component !== 'postgres');
    const from = flows.map((f) => (f.from.kind === 'component' ? f.from.component : f.from.kind));
    assert.deepEqual(from, ['nessie', 'kafka-connect', 'trino', 'keycloak', 'airflow', 'mlflow', 'superset', 'grafana']);
    const connect = flows.find((f) => f.from.kind === 'component' && f.from.component === 'kafka-connect')!;
    assert.match(connect.description, /^the Debezium CDC connector streams changes from the primary \(replication connection/);
    // Without Kafka Connect there is no debezium request, so no flow to the instances from outside.
    const without = built({ components: { 'kafka-connect': { enabled: false } } }).flows;
    assert.equal(without.some((f) => f.from.kind === 'component' && f.from.component === 'kafka-connect'), false);
    assert.equal(without.some((f) => f.from.kind === 'component' && f.from.component !== 'postgres' && f.toSelector?.['cnpg.io/podRole'] === 'instance'), false);
  });

  it('lets in only the pods a database request names, with the reason it gives', () => {
    const config = resolveConfig({});
    const definitions = new Map<string, ComponentDefinition>(COMPONENTS.map((d) => [d.name, d]));
    const airflow = definitions.get('airflow')!;
    definitions.set('airflow', { ...airflow, databases: [{ role: 'airflow', selector: { 'app.kubernetes.io/component': 'scheduler' }, purpose: 'the scheduler keeps task state' }] });
    const postgres = definitions.get('postgres')!;
    const ctx = new PlatformBuildContext({ config, definition: postgres, definitions: definitions as never, enabled: enabledComponents(config) });
    const flow = postgres.build(ctx as never).flows.find((f) => f.from.kind === 'component' && f.from.component === 'airflow');
    assert.deepEqual(flow?.from, { kind: 'component', component: 'airflow', selector: { 'app.kubernetes.io/component': 'scheduler' } });
    assert.equal(flow?.description, 'the scheduler keeps task state');
    assert.deepEqual(flow?.toSelector, { 'cnpg.io/poolerName': 'datalyptica-postgres-pooler-rw' });
  });

  it('reads the backups bucket\'s own keys with ODF and declares their copy and egress for both operators', () => {
    for (const operator of ['cnpg', 'crunchy'] as const) {
      const b = built({ objectStorage: { mode: 'odf' }, components: { postgres: { operator } } });
      const copy = b.secrets.find((s) => s.name === 'datalyptica-s3-backups');
      assert.ok(copy, operator);
      assert.equal(copy.source, 'copy');
      assert.deepEqual(copy.copyFrom, { namespace: 'datalyptica-system', name: 'datalyptica-backups' });
      assert.ok(b.egress.some((e) => e.to.kind === 'namespace' && e.to.namespace === 'openshift-storage'), operator);
      if (operator === 'cnpg') {
        const store = findObject(b.objects, 'ObjectStore', 'datalyptica-postgres-backups');
        assert.equal(at(store, 'spec.configuration.s3Credentials.accessKeyId.name'), 'datalyptica-s3-backups');
      }
    }
  });

  it('never puts a password literal in any object', () => {
    for (const operator of ['cnpg', 'crunchy'] as const) {
      const text = JSON.stringify(objectsOf(build({ components: { postgres: { operator } } }), 'postgres'));
      assert.doesNotMatch(text, /"password"\s*:\s*"[^"]/i);
    }
  });

  it('renders objects that validate against the schemas in every combination and with both operators', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const operator of ['cnpg', 'crunchy'] as const) {
        for (const object of objectsOf(build({ ...base, components: { postgres: { operator } } }), 'postgres')) {
          const result = validator.validate(object);
          assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)} ${operator}: ${JSON.stringify(result.errors)}`);
        }
      }
    }
  });
});
