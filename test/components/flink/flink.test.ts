import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { FLINK_OPERATOR_CHART, FLINK_OPERATOR_VERSION, FLINK_VERSION } from '../../../src/components/flink/versions.ts';

const flinkDeployment = (objects: KubeObject[]) => findObject(objects, 'FlinkDeployment', 'flink');
const conf = (objects: KubeObject[]) => at(flinkDeployment(objects), 'spec.flinkConfiguration') as Record<string, string>;

describe('flink', () => {
  it('renders every object valid against the schemas in every profile, target and layout', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const combination of ALL_COMBINATIONS) {
      for (const object of objectsOf(platformFor(combination), 'flink')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${JSON.stringify(combination)} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
    }
  });

  it('enables Kubernetes HA with state on S3 in every combination (audit A-24)', () => {
    for (const combination of ALL_COMBINATIONS) {
      const c = conf(objectsOf(platformFor(combination), 'flink'));
      assert.equal(c['high-availability.type'], 'kubernetes');
      for (const key of ['high-availability.storageDir', 'state.checkpoints.dir', 'state.savepoints.dir']) assert.match(c[key]!, /^s3:\/\/datalyptica-warehouse\/flink\//, key);
      for (const value of Object.values(c)) assert.equal(typeof value, 'string');
    }
  });

  it('runs two JobManagers in production and one in dev', () => {
    assert.equal(at(flinkDeployment(objectsOf(platformFor(), 'flink')), 'spec.jobManager.replicas'), 2);
    assert.equal(at(flinkDeployment(objectsOf(platformFor({ profile: 'dev' }), 'flink')), 'spec.jobManager.replicas'), 1);
  });

  it('keeps the profile TaskManagers and slots warm in the session cluster', () => {
    const c = conf(objectsOf(platformFor(), 'flink'));
    assert.equal(c['taskmanager.numberOfTaskSlots'], '8');
    assert.equal(c['slotmanager.number-of-slots.min'], '24');
  });

  it('exposes the Prometheus reporter on 9249 and scrapes it with a PodMonitor', () => {
    const objects = objectsOf(platformFor(), 'flink');
    assert.equal(conf(objects)['metrics.reporter.prom.factory.class'], 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory');
    assert.equal(conf(objects)['metrics.reporter.prom.port'], '9249');
    const ports = at(flinkDeployment(objects), 'spec.podTemplate.spec.containers.0.ports') as { containerPort: number; name: string }[];
    assert.deepEqual(ports, [{ name: 'metrics', containerPort: 9249, protocol: 'TCP' }]);
    assert.equal(at(findObject(objects, 'PodMonitor', 'flink'), 'spec.podMetricsEndpoints.0.port'), 'metrics');
  });

  it('lets the JobManager manage TaskManager pods and HA ConfigMaps under its own account', () => {
    const objects = objectsOf(platformFor(), 'flink');
    assert.equal(at(flinkDeployment(objects), 'spec.serviceAccount'), 'flink');
    assert.equal(findObject(objects, 'ServiceAccount', 'flink')['automountServiceAccountToken'], true);
    const rules = findObject(objects, 'Role', 'flink')['rules'] as { resources: string[]; verbs: string[] }[];
    for (const resource of ['pods', 'configmaps']) {
      const rule = rules.find((r) => r.resources.includes(resource));
      assert.ok(rule && rule.verbs.includes('create') && rule.verbs.includes('watch'), resource);
    }
  });

  it('reads the S3 keys from the shared Secret and loads the S3 plugin the way each target allows', () => {
    for (const target of ['openshift', 'kubernetes'] as const) {
      const spec = at(flinkDeployment(objectsOf(platformFor({ target }), 'flink')), 'spec.podTemplate.spec') as Record<string, unknown>;
      const env = at(spec, 'containers.0.env') as { name: string; value?: string }[];
      assert.equal(at(env.find((e) => e.name === 'AWS_SECRET_ACCESS_KEY'), 'valueFrom.secretKeyRef.name'), 'datalyptica-s3');
      const builtIn = env.find((e) => e.name === 'ENABLE_BUILT_IN_PLUGINS');
      if (target === 'kubernetes') assert.equal(builtIn?.value, `flink-s3-fs-presto-${FLINK_VERSION}.jar`);
      else assert.equal(at(spec, 'initContainers.0.name'), 's3-plugin');
    }
  });

  it('turns off the Presto S3 plugin\'s instance-profile default so the environment keys are used', () => {
    // PrestoS3FileSystem prefers InstanceProfileCredentialsProvider while use-instance-credentials
    // is true (its default), before the default chain that reads AWS_ACCESS_KEY_ID.
    for (const combination of ALL_COMBINATIONS) {
      const flink = conf(objectsOf(platformFor(combination), 'flink'));
      assert.equal(flink['s3.use-instance-credentials'], 'false', JSON.stringify(combination));
      assert.equal(flink['s3.access-key'], undefined);
    }
  });

  it('renders the Kafka to Iceberg session job only when enabled with a jar', () => {
    assert.equal(objectsOf(platformFor(), 'flink').filter((o) => o.kind === 'FlinkSessionJob').length, 0);
    const objects = objectsOf(platformFor({ components: { flink: { exampleJob: { enabled: true, jarURI: 'https://repo.example.com/sql-runner.jar' } } } }), 'flink');
    const job = findObject(objects, 'FlinkSessionJob', 'flink-kafka-to-iceberg');
    assert.equal(at(job, 'spec.deploymentName'), 'flink');
    const sql = (findObject(objects, 'ConfigMap', 'flink-sql')['data'] as Record<string, string>)['kafka-to-iceberg.sql']!;
    assert.match(sql, /'properties\.ssl\.keystore\.password' = '\$\{dir:\/etc\/datalyptica\/kafka\/user:user\.password\}'/);
    assert.throws(
      () => resolveConfig({ components: { flink: { exampleJob: { enabled: true } } } }),
      (error: { details?: string[] }) => (error.details ?? []).some((line) => line.startsWith('components.flink.exampleJob.jarURI: required')),
    );
  });

  it('gives every Flink pod the Nessie client secret from a Secret and names it in the example catalog, with a realm client', () => {
    const jar = { components: { flink: { exampleJob: { enabled: true, jarURI: 'https://repo.example.com/sql-runner.jar' } } } };
    const platform = platformFor(jar);
    const objects = objectsOf(platform, 'flink');
    const env = at(flinkDeployment(objects), 'spec.podTemplate.spec.containers.0.env') as { name: string; value?: string; valueFrom?: unknown }[];
    const secret = env.findIndex((e) => e.name === 'NESSIE_CLIENT_SECRET');
    const credential = env.findIndex((e) => e.name === 'NESSIE_CREDENTIAL');
    assert.ok(secret >= 0 && credential > secret);
    assert.deepEqual(at(env[secret], 'valueFrom.secretKeyRef'), { name: 'flink-nessie-client', key: 'client-secret' });
    assert.equal(env[credential]!.value, 'flink-nessie:$(NESSIE_CLIENT_SECRET)');
    const sql = (findObject(objects, 'ConfigMap', 'flink-sql')['data'] as Record<string, string>)['kafka-to-iceberg.sql']!;
    assert.match(sql, /'catalog-type' = 'rest',/);
    assert.match(sql, /'uri' = 'http:\/\/nessie\.datalyptica-catalog\.svc:19120\/iceberg\/',/);
    assert.match(sql, /'rest\.auth\.type' = 'oauth2',/);
    assert.match(sql, /'oauth2-server-uri' = 'https:\/\/keycloak-service\.datalyptica-iam\.svc:8443\/realms\/datalyptica\/protocol\/openid-connect\/token',/);
    // Iceberg's REST client trusts Keycloak through the JVM truststore, which imports its CA.
    const pod = JSON.stringify(flinkDeployment(objects));
    assert.match(pod, /for bundle in [^"]*\/etc\/datalyptica\/keycloak-ca\/ca\.crt; do/);
    assert.match(pod, /"secretName":"keycloak-ca"/);
    assert.match(pod, /-Djavax\.net\.ssl\.trustStore=/);
    assert.match(sql, /'credential' = 'env:NESSIE_CREDENTIAL',/);
    assert.doesNotMatch(sql, /catalog-impl/);
    const build = platform.components.get('flink')!.build;
    assert.equal(build.ssoClients?.find((c) => c.clientId === 'flink-nessie')?.type, 'service');
    assert.ok(build.secrets.some((s) => s.name === 'flink-nessie-client' && s.valueGroup === 'sso-client-flink-nessie'));
    assert.ok(build.dependsOn.includes('keycloak'));
    assert.equal(at(build.checks.find((c) => c.id === 'flink.nessie-token'), 'probe.credentials.clientId'), 'flink-nessie');

    const open = objectsOf(platformFor({ components: { ...jar.components, nessie: { oidc: { enabled: false } } } }), 'flink');
    const plain = (findObject(open, 'ConfigMap', 'flink-sql')['data'] as Record<string, string>)['kafka-to-iceberg.sql']!;
    assert.match(plain, /'catalog-impl' = 'org\.apache\.iceberg\.nessie\.NessieCatalog',/);
    assert.match(plain, /'uri' = 'http:\/\/nessie\.datalyptica-catalog\.svc:19120\/api\/v2',/);
    assert.doesNotMatch(plain, /credential/);
    const plainEnv = at(flinkDeployment(open), 'spec.podTemplate.spec.containers.0.env') as { name: string }[];
    assert.ok(!plainEnv.some((e) => e.name.startsWith('NESSIE_')));
  });

  it('matches the production OpenShift snapshot', () => {
    matchSnapshot('components/flink/production-openshift', objectsOf(platformFor(), 'flink'));
  });
  it('installs the operator chart from archive.apache.org, which keeps superseded releases (downloads.apache.org drops them)', () => {
    assert.equal(FLINK_OPERATOR_CHART.repo, `https://archive.apache.org/dist/flink/flink-kubernetes-operator-${FLINK_OPERATOR_VERSION}/`);
    assert.equal(FLINK_OPERATOR_CHART.version, FLINK_OPERATOR_VERSION);
  });
});
