import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const apps = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
const specOf = (app: KubeObject) => (app.kind === 'ScheduledSparkApplication' ? at(app, 'spec.template') : at(app, 'spec')) as Record<string, unknown>;

describe('spark', () => {
  it('renders every object valid against the schemas in every profile, target and layout', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const combination of ALL_COMBINATIONS) {
      for (const object of objectsOf(platformFor(combination), 'spark')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${JSON.stringify(combination)} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
    }
  });

  it('gives sparkConf only string values in every combination (audit A-19)', () => {
    for (const combination of ALL_COMBINATIONS) {
      const found = apps(objectsOf(platformFor(combination), 'spark'));
      assert.equal(found.length, 2);
      for (const app of found) {
        for (const [key, value] of Object.entries(specOf(app)['sparkConf'] as Record<string, unknown>)) {
          assert.equal(typeof value, 'string', `${key} is ${typeof value}`);
        }
      }
    }
  });

  it('runs the driver under its own least-privilege account, never the operator account (audit A-20)', () => {
    const platform = platformFor();
    const objects = objectsOf(platform, 'spark');
    for (const app of apps(objects)) {
      assert.equal(at(specOf(app), 'driver.serviceAccount'), 'spark-driver');
      assert.equal(at(specOf(app), 'executor.serviceAccount'), 'spark-executor');
    }
    const operator = platform.components.get('spark')!.build.operators[0]!;
    assert.notEqual(operator.id, 'spark-driver');
    const role = findObject(objects, 'Role', 'spark-driver');
    const resources = (role['rules'] as { resources: string[] }[]).flatMap((r) => r.resources).sort();
    assert.deepEqual(resources, ['configmaps', 'persistentvolumeclaims', 'pods', 'services']);
    assert.equal(findObject(objects, 'RoleBinding', 'spark-driver')['subjects'] instanceof Array, true);
    assert.equal(findObject(objects, 'ServiceAccount', 'spark-executor')['automountServiceAccountToken'], false);
  });

  it('has the operator watch the processing namespace through the Helm chart on both targets', () => {
    for (const target of ['openshift', 'kubernetes'] as const) {
      const platform = platformFor({ target });
      const operator = platform.components.get('spark')!.build.operators[0]!;
      assert.equal(operator.openshiftInstall, 'kubernetes');
      assert.equal(operator.kubernetes.type, 'helm');
      const values = operator.kubernetes.type === 'helm' ? operator.kubernetes.values : undefined;
      assert.deepEqual(at(values, 'spark.jobNamespaces'), ['datalyptica-processing']);
    }
  });

  it('points the Iceberg catalog at Nessie API v2 on main with the SQL extensions and S3FileIO when Nessie needs no token (audit A-18)', () => {
    const conf = specOf(apps(objectsOf(platformFor({ components: { nessie: { oidc: { enabled: false } } } }), 'spark'))[0]!)['sparkConf'] as Record<string, string>;
    assert.equal(conf['spark.sql.catalog.nessie.uri'], 'http://nessie.datalyptica-catalog.svc:19120/api/v2');
    assert.equal(conf['spark.sql.catalog.nessie.ref'], 'main');
    assert.equal(conf['spark.sql.catalog.nessie.type'], 'nessie');
    assert.equal(conf['spark.sql.catalog.nessie.credential'], undefined);
    assert.equal(conf['spark.sql.catalog.nessie.io-impl'], 'org.apache.iceberg.aws.s3.S3FileIO');
    assert.match(conf['spark.sql.extensions']!, /IcebergSparkSessionExtensions,org\.projectnessie\.spark\.extensions\.NessieSparkSessionExtensions/);
  });

  it('reaches an authenticated Nessie through Iceberg REST with OAuth2 client credentials whose secret only the driver holds, from a Secret', () => {
    const platform = platformFor();
    for (const app of apps(objectsOf(platform, 'spark'))) {
      const spec = specOf(app);
      const conf = spec['sparkConf'] as Record<string, string>;
      assert.equal(conf['spark.sql.catalog.nessie.type'], 'rest');
      assert.equal(conf['spark.sql.catalog.nessie.uri'], 'http://nessie.datalyptica-catalog.svc:19120/iceberg/');
      assert.equal(conf['spark.sql.catalog.nessie.warehouse'], 'warehouse');
      assert.equal(conf['spark.sql.catalog.nessie.rest.auth.type'], 'oauth2');
      assert.equal(conf['spark.sql.catalog.nessie.oauth2-server-uri'], 'https://keycloak-service.datalyptica-iam.svc:8443/realms/datalyptica/protocol/openid-connect/token');
      // The driver's JVM truststore imports Keycloak's CA (Iceberg's REST client uses the JVM's trust).
      const init = (at(spec, 'driver.initContainers') as { name: string; command: string[] }[]).find((c) => c.name === 's3-truststore')!;
      assert.match(init.command[2]!, /for bundle in .*\/etc\/datalyptica\/keycloak-ca\/ca\.crt; do/);
      assert.ok((at(spec, 'volumes') as { name: string; secret?: { secretName: string } }[]).some((v) => v.secret?.secretName === 'keycloak-ca'));
      assert.match((at(spec, 'driver.env') as { name: string; value?: string }[]).find((e) => e.name === 'JAVA_TOOL_OPTIONS')?.value ?? '', /trustStore=/);
      assert.equal(conf['spark.sql.catalog.nessie.credential'], 'env:NESSIE_CREDENTIAL');
      assert.equal(conf['spark.sql.catalog.nessie.scope'], 'openid');
      const driver = at(spec, 'driver.env') as { name: string; value?: string; valueFrom?: unknown }[];
      const secret = driver.findIndex((e) => e.name === 'NESSIE_CLIENT_SECRET');
      const credential = driver.findIndex((e) => e.name === 'NESSIE_CREDENTIAL');
      assert.ok(secret >= 0 && credential > secret, 'the secret is defined before the credential that expands it');
      assert.deepEqual(at(driver[secret], 'valueFrom.secretKeyRef'), { name: 'spark-nessie-client', key: 'client-secret' });
      assert.equal(driver[secret]!.value, undefined);
      assert.equal(driver[credential]!.value, 'spark-nessie:$(NESSIE_CLIENT_SECRET)');
      const executor = at(spec, 'executor.env') as { name: string }[];
      assert.ok(!executor.some((e) => e.name.startsWith('NESSIE_')), 'executors never load the catalog');
    }
    const build = platform.components.get('spark')!.build;
    const client = build.ssoClients?.find((c) => c.clientId === 'spark-nessie');
    assert.equal(client?.type, 'service');
    assert.deepEqual(client?.audiences, ['nessie']);
    const secret = build.secrets.find((s) => s.name === 'spark-nessie-client');
    assert.equal(secret?.source, 'generated');
    assert.equal(secret?.valueGroup, 'sso-client-spark-nessie');
    assert.ok(build.dependsOn.includes('keycloak'));
    const check = build.checks.find((c) => c.id === 'spark.nessie-token');
    assert.equal(check?.group, 'iam');
    assert.deepEqual(at(check, 'probe.credentials.clientSecret'), { namespace: 'datalyptica-processing', name: 'spark-nessie-client', key: 'client-secret' });
    assert.deepEqual(at(check, 'probe.accepts'), [{ endpoint: { namespace: 'datalyptica-catalog', service: 'nessie', port: 19120 }, path: '/api/v2/config' }]);
    const realm = objectsOf(platform, 'keycloak').find((o) => o.kind === 'KeycloakRealmImport')!;
    const clients = at(realm, 'spec.realm.clients') as { clientId: string; serviceAccountsEnabled: boolean }[];
    assert.equal(clients.find((c) => c.clientId === 'spark-nessie')?.serviceAccountsEnabled, true);
  });

  it('gives driver and executors the S3 keys from the shared Secret (audit A-21)', () => {
    const platform = platformFor();
    const app = apps(objectsOf(platform, 'spark'))[0]!;
    for (const role of ['driver', 'executor']) {
      const env = at(specOf(app), `${role}.env`) as { name: string; value?: string; valueFrom?: unknown }[];
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        const entry = env.find((e) => e.name === name);
        assert.ok(entry, `${role} lacks ${name}`);
        assert.equal(entry.value, undefined);
        assert.deepEqual(at(entry, 'valueFrom.secretKeyRef.name'), 'datalyptica-s3');
      }
    }
    const secrets = platform.components.get('spark')!.build.secrets;
    assert.ok(secrets.some((s) => s.name === 'datalyptica-s3' && s.source === 'copy' && s.namespace === 'datalyptica-processing'));
    assert.ok(secrets.some((s) => s.name === 'datalyptica-spark' && s.source === 'copy'), 'the KafkaUser Secret is copied');
  });

  it('uses dynamic allocation up to the seed ceiling in production and a fixed executor in dev', () => {
    const production = specOf(apps(objectsOf(platformFor(), 'spark'))[0]!);
    assert.deepEqual(at(production, 'dynamicAllocation.maxExecutors'), 10);
    assert.equal(at(production, 'driver.memory'), '8192m');
    const dev = specOf(apps(objectsOf(platformFor({ profile: 'dev' }), 'spark'))[0]!);
    assert.equal(dev['dynamicAllocation'], undefined);
    assert.equal(at(dev, 'executor.instances'), 1);
  });

  it('mounts the example PySpark script from a ConfigMap into the driver', () => {
    const objects = objectsOf(platformFor(), 'spark');
    const script = (findObject(objects, 'ConfigMap', 'spark-jobs')['data'] as Record<string, string>)['iceberg_example.py']!;
    assert.match(script, /writeTo\(args\.table\)\.append\(\)/);
    const app = findObject(objects, 'SparkApplication', 'spark-iceberg-example');
    assert.equal(at(app, 'spec.mainApplicationFile'), 'local:///opt/datalyptica/jobs/iceberg_example.py');
    assert.deepEqual(at(app, 'spec.driver.configMaps'), [{ name: 'spark-jobs', path: '/opt/datalyptica/jobs' }]);
  });

  it('renders no example applications when the example is disabled', () => {
    const objects = objectsOf(platformFor({ components: { spark: { example: { enabled: false } } } }), 'spark');
    assert.equal(apps(objects).length, 0);
    assert.ok(objects.some((o) => o.kind === 'Role'));
  });

  it('matches the production OpenShift snapshot', () => {
    matchSnapshot('components/spark/production-openshift', objectsOf(platformFor(), 'spark'));
  });
});
