import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordInUrl, secretProperties } from '../../../src/check/policy/content-rules.ts';
import { policyChecker } from '../../../src/check/policy/policy-checker.ts';
import { OBJ, SEC } from '../../../src/check/policy/rules.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { platformFor } from '../../support/platform.ts';
import { mutated, run } from '../support.ts';

type Json = Record<string, any>;
const base = platformFor({ components: { flink: { exampleJob: { enabled: true, jarURI: 'https://repo.example.com/runner.jar' } }, 'kafka-connect': { cdcExample: true } } });
const baseErrors = new Set(run(policyChecker, base).map((f) => `${f.rule} ${f.object?.kind}/${f.object?.name} ${f.path}`));

/** The findings a mutation adds over the unmutated platform. */
function added(platform: Platform): string[] {
  return run(policyChecker, platform)
    .map((f) => `${f.rule} ${f.object?.kind}/${f.object?.name} ${f.path}`)
    .filter((line) => !baseErrors.has(line));
}

/** Mutates the first object matching `pick` and asserts exactly `rule` fires, on that object. */
function onlyFires(rule: string, pick: (o: KubeObject) => boolean, mutate: (o: Json) => void): void {
  const lines = added(mutated(base, pick, (o) => mutate(o as Json)));
  assert.ok(lines.length > 0, `${rule} did not fire`);
  assert.deepEqual([...new Set(lines.map((l) => l.split(' ')[0]))], [rule], lines.join('\n'));
}

const kind = (k: string, name?: string) => (o: KubeObject) => o.kind === k && (name === undefined || o.metadata.name === name);
const mainOf = (o: Json): Json => o['spec']['template']['spec']['containers'][0];

describe('check rules for what slips through the config', () => {
  it('the rendered platform triggers none of the new rules', () => {
    const ids = [SEC.zeroResource, SEC.requestsWithinLimits, SEC.secretInConfig, SEC.engineS3Secret, SEC.cnpgResources, SEC.secretReadScope, OBJ.nameLength].map((r): string => r.id);
    assert.deepEqual([...baseErrors].filter((l) => ids.includes(l.split(' ')[0]!)), []);
  });

  it('DL-SEC-025 fires on a memory limit of "0"', () => onlyFires(SEC.zeroResource.id, kind('Deployment', 'nessie'), (o) => (mainOf(o)['resources']['limits']['memory'] = '0')));
  it('DL-SEC-026 fires on requests greater than limits', () => onlyFires(SEC.requestsWithinLimits.id, kind('Deployment', 'nessie'), (o) => (mainOf(o)['resources']['requests']['memory'] = '64Gi')));
  it('DL-SEC-026 also fires through an operator CR (CNPG Cluster resources)', () =>
    onlyFires(SEC.requestsWithinLimits.id, kind('Cluster'), (o) => (o['spec']['resources']['requests']['cpu'] = '64')));

  it('DL-SEC-027 fires on a password inside a JDBC URL in a ConfigMap', () =>
    onlyFires(SEC.secretInConfig.id, kind('ConfigMap', 'nessie-config'), (o) => (o['data']['extra.conf'] = 'url=jdbc:postgresql://pg:5432/db?user=app&password=hunter2')));
  it('DL-SEC-027 fires on user:password@ in a URL in an env value', () =>
    onlyFires(SEC.secretInConfig.id, kind('Deployment', 'nessie'), (o) => mainOf(o)['env'].push({ name: 'DATABASE_URI', value: 'postgresql://nessie:s3cr3t@pg:5432/nessie' })));
  it('DL-SEC-027 fires on a literal password in a ConfigMap *.properties value', () =>
    onlyFires(SEC.secretInConfig.id, kind('ConfigMap', 'nessie-config'), (o) => (o['data']['application.properties'] += '\nquarkus.datasource.password=hunter2\n')));

  it('DL-SEC-028 fires on an S3 secret key in FlinkDeployment.flinkConfiguration', () =>
    onlyFires(SEC.engineS3Secret.id, kind('FlinkDeployment'), (o) => (o['spec']['flinkConfiguration']['s3.secret-key'] = 'abcdefabcdef')));
  it('DL-SEC-028 fires on fs.s3a.secret.key in SparkApplication sparkConf and hadoopConf', () => {
    onlyFires(SEC.engineS3Secret.id, kind('SparkApplication'), (o) => (o['spec']['sparkConf'] = { ...(o['spec']['sparkConf'] ?? {}), 'spark.hadoop.fs.s3a.secret.key': 'abcdefabcdef' }));
    onlyFires(SEC.engineS3Secret.id, kind('SparkApplication'), (o) => (o['spec']['hadoopConf'] = { ...(o['spec']['hadoopConf'] ?? {}), 'fs.s3a.secret.key': 'abcdefabcdef' }));
  });

  it('DL-SEC-029 fires on a CNPG Cluster without resources', () => onlyFires(SEC.cnpgResources.id, kind('Cluster'), (o) => delete o['spec']['resources']));

  it('DL-SEC-030 fires on a Role reading every Secret and on one naming an undeclared Secret', () => {
    const role = kind('Role', 'datalyptica-connect-config-provider');
    onlyFires(SEC.secretReadScope.id, role, (o) => delete o['rules'][0]['resourceNames']);
    onlyFires(SEC.secretReadScope.id, role, (o) => o['rules'][0]['resourceNames'].push('datalyptica-pg-superuser'));
  });

  it('DL-OBJ-001 fires on a label value and a Service name too long for Kubernetes', () => {
    onlyFires(OBJ.nameLength.id, kind('ConfigMap', 'nessie-config'), (o) => (o['metadata']['labels']['team'] = 'x'.repeat(64)));
    onlyFires(OBJ.nameLength.id, kind('Service'), (o) => (o['metadata']['name'] = 's'.repeat(64)));
  });

  it('checks the Strimzi Connect build pod and the Crunchy PGO pods through their templates', () => {
    const connect = kind('KafkaConnect');
    onlyFires(SEC.privilegeEscalation.id, connect, (o) => {
      o['spec']['build'] ??= { output: { type: 'docker', image: 'registry.example.com/c:1' }, plugins: [] };
      o['spec']['template']['buildContainer'] = { securityContext: { privileged: true } };
    });
    const crunchy = platformFor({ components: { postgres: { operator: 'crunchy' } } });
    const before = new Set(run(policyChecker, crunchy).map((f) => f.rule));
    const after = run(policyChecker, mutated(crunchy, kind('PostgresCluster'), (o) => ((o as Json)['spec']['instances'][0]['resources']['limits']['memory'] = '0'))).filter((f) => !before.has(f.rule));
    assert.deepEqual([...new Set(after.map((f) => f.rule))], [SEC.zeroResource.id]);
    assert.equal(after[0]?.path, '/spec/instances/0/resources/limits/memory');
  });

  it('tells references from literal credentials', () => {
    assert.equal(passwordInUrl('jdbc:postgresql://pg:5432/db?user=app&password=${ENV:PG_PASSWORD}'), undefined);
    assert.equal(passwordInUrl('https://user:${TOKEN}@git.example.com/repo.git'), undefined);
    assert.equal(passwordInUrl('https://git.example.com/repo.git'), undefined);
    assert.equal(passwordInUrl('jdbc:postgresql://pg/db;password=x1'), 'x1');
    assert.deepEqual(secretProperties('a.password=${file:/s/p}\nb.password-file=/s/p\nc.secret=urn:x\n# d.password=x\ne.password=lit'), ['e.password']);
  });
});
