import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const build = (config: UserConfig = {}) => platformFor({ ...config, components: { dbt: { enabled: false }, ...(config.components ?? {}) } });

describe('nessie component', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/nessie/production', build().components.get('nessie')!.build.objects);
  });

  it('runs 3 replicas in production with a PDB and probes on the management port', () => {
    const objects = objectsOf(build(), 'nessie');
    const deployment = findObject(objects, 'Deployment', 'nessie');
    assert.equal(at(deployment, 'spec.replicas'), 3);
    assert.equal(at(deployment, 'spec.template.spec.containers.0.readinessProbe.httpGet.port'), 'management');
    assert.equal(at(deployment, 'spec.template.spec.containers.0.livenessProbe.httpGet.path'), '/q/health/live');
    assert.equal(at(deployment, 'spec.template.spec.containers.0.securityContext.runAsNonRoot'), true);
    assert.equal(at(findObject(objects, 'PodDisruptionBudget', 'nessie'), 'spec.maxUnavailable'), 1);
  });

  it('uses the JDBC2 store on the named postgresql datasource through the pooler', () => {
    const data = at(findObject(objectsOf(build(), 'nessie'), 'ConfigMap', 'nessie-config'), 'data') as Record<string, string>;
    const config = data['application.properties']!;
    assert.match(config, /^nessie\.version\.store\.type=JDBC2$/m);
    assert.match(config, /^quarkus\.datasource\.postgresql\.jdbc\.url=jdbc:postgresql:\/\/datalyptica-postgres-pooler-rw\.datalyptica-catalog\.svc:5432\/nessie$/m);
    assert.match(config, /^nessie\.catalog\.service\.s3\.default-options\.access-key=urn:nessie-secret:quarkus:nessie-catalog-secrets\.s3\.default-options\.access-key$/m);
  });

  it('reads every credential from Secrets', () => {
    const env = at(findObject(objectsOf(build(), 'nessie'), 'Deployment', 'nessie'), 'spec.template.spec.containers.0.env') as { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string } } }[];
    const fromSecret = Object.fromEntries(env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom!.secretKeyRef.name]));
    assert.equal(fromSecret['quarkus.datasource.postgresql.password'], 'datalyptica-pg-nessie');
    assert.equal(fromSecret['nessie-catalog-secrets.s3.default-options.access-key.secret'], 'datalyptica-s3');
    assert.ok(env.every((e) => !/password|secret/i.test(e.name) || e.value === undefined));
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'nessie')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });

  it('enforces authorization rules by realm group and for the enabled engines\' service clients when OIDC is on', () => {
    const config = (data: UserConfig) => (findObject(objectsOf(build(data), 'nessie'), 'ConfigMap', 'nessie-config')['data'] as Record<string, string>)['application.properties']!;
    const on = config({});
    const rule = (name: string) => new RegExp(`^nessie\\.server\\.authorization\\.rules\\.${name}=(.*)$`, 'm').exec(on)?.[1];
    assert.match(on, /^nessie\.server\.authorization\.enabled=true$/m);
    assert.match(on, /^quarkus\.oidc\.roles\.role-claim-path=groups$/m);
    assert.equal(rule('admins'), "'admins' in roles");
    assert.match(rule('engineers')!, /^'engineers' in roles && !\(op in \['DELETE_REFERENCE', 'ASSIGN_REFERENCE_TO_HASH'\] && ref == 'main'\)$/);
    assert.match(rule('analysts')!, /^'analysts' in roles && \(op in \['VIEW_REFERENCE', .*\] \|\| ref != 'main'\)$/);
    assert.match(rule('viewers')!, /^'viewers' in roles && op in \['VIEW_REFERENCE', 'READ_ENTRIES', /);
    assert.doesNotMatch(rule('viewers')!, /COMMIT_CHANGE|CREATE_REFERENCE/);
    assert.match(rule('engines')!, /^role in \['service-account-trino-nessie', 'service-account-spark-nessie', 'service-account-flink-nessie'\] && /);
    const noFlink = config({ components: { flink: { enabled: false } } });
    assert.doesNotMatch(noFlink, /service-account-flink-nessie/);
    assert.doesNotMatch(config({ components: { nessie: { authorization: { enabled: false } } } }), /authorization/);
    assert.doesNotMatch(config({ components: { keycloak: { enabled: false } } }), /authorization/);
  });
});

