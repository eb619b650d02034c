import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

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

  it('declares a role, a Database and a generated basic-auth Secret for every consumer', () => {
    const objects = objectsOf(build(), 'postgres');
    const cluster = findObject(objects, 'Cluster', 'datalyptica-postgres');
    const roles = (at(cluster, 'spec.managed.roles') as { name: string; passwordSecret: { name: string } }[]).map((r) => r.name);
    assert.deepEqual(roles, ['nessie', 'keycloak', 'airflow', 'superset', 'grafana', 'mlflow']);
    assert.equal(at(cluster, 'spec.bootstrap.initdb.owner'), 'datalyptica');
    assert.equal(objects.filter((o) => o.kind === 'Database').length, 6);
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
    assert.equal(at(cluster, 'spec.monitoring.enablePodMonitor'), true);
  });

  it('serves consumers through the pooler-rw Service postgresAccess promises', () => {
    const pooler = findObject(objectsOf(build(), 'postgres'), 'Pooler', 'datalyptica-postgres-pooler-rw');
    assert.equal(at(pooler, 'spec.type'), 'rw');
    assert.equal(at(pooler, 'spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation'), false);
    assert.equal(at(pooler, 'spec.template.spec.securityContext.runAsNonRoot'), true);
  });

  it('declares flows from consumers, the operator, replication and monitoring', () => {
    const flows = built().flows;
    const ports = (predicate: (f: (typeof flows)[number]) => boolean) => flows.filter(predicate).flatMap((f) => f.ports.map((p) => p.port));
    assert.deepEqual(ports((f) => f.from.kind === 'component' && f.from.component === 'nessie'), [5432]);
    assert.deepEqual(ports((f) => f.from.kind === 'operator'), [8000]);
    assert.ok(ports((f) => f.from.kind === 'monitoring').includes(9187));
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
    assert.equal((at(pg, 'spec.users') as unknown[]).length, 7);
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

  it('never puts a password literal in any object', () => {
    for (const operator of ['cnpg', 'crunchy'] as const) {
      const text = JSON.stringify(objectsOf(build({ components: { postgres: { operator } } }), 'postgres'));
      assert.doesNotMatch(text, /"password"\s*:\s*"[^"]/i);
    }
  });

  it('renders objects that validate against the schemas in every combination and with both operators', () => {
    const validator = new SchemaValidator({ dirs: ['schemas', '../shared/schemas'] });
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
