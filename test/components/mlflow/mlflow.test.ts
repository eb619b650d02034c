import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { authConfigScript } from '../../../src/components/mlflow/auth.ts';
import { mlflowOptions } from '../../../src/components/mlflow/options.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { ComponentBuild } from '../../../src/model/component.ts';
import { SSO_CLIENT_SECRET_SPEC, ssoClientValueGroup } from '../../../src/model/sso.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const build = (config: UserConfig = {}) => platformFor(config);
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
const server = (config: UserConfig = {}) => findObject(objectsOf(build(config), 'mlflow'), 'Deployment', 'mlflow');


/** The default render logs users in through the platform realm (Keycloak is on by default). */
const buildWithSso = (): ComponentBuild => build().components.get('mlflow')!.build;
/** Without the identity tier: MLflow's own basic-auth app. */
const NO_SSO: UserConfig = { components: { keycloak: { enabled: false } } };

describe('mlflow component', () => {
  it('matches the production OpenShift snapshot', () => {
    matchSnapshot('components/mlflow/production-openshift', build().components.get('mlflow')!.build.objects);
  });

  it('runs two tracking servers in production and one in dev, with a PDB when there are two', () => {
    assert.equal(at(server(), 'spec.replicas'), 2);
    assert.equal(at(server({ profile: 'dev' }), 'spec.replicas'), 1);
    assert.equal(at(findObject(objectsOf(build(), 'mlflow'), 'PodDisruptionBudget', 'mlflow'), 'spec.maxUnavailable'), 1);
  });

  it('stores runs in PostgreSQL and proxies artifacts to the apps bucket', () => {
    const main = at(server(), 'spec.template.spec.containers.0') as Record<string, unknown>;
    const command = main['command'] as string[];
    assert.deepEqual(command.slice(command.indexOf('--artifacts-destination'), command.indexOf('--artifacts-destination') + 3), ['--artifacts-destination', 's3://datalyptica-apps/mlflow', '--serve-artifacts']);
    const env = main['env'] as Env;
    const uri = env.at(-1)!;
    assert.equal(uri.name, 'MLFLOW_BACKEND_STORE_URI');
    assert.equal(uri.value, 'postgresql://$(MLFLOW_DB_USER):$(MLFLOW_DB_PASSWORD)@datalyptica-postgres-pooler-rw.datalyptica-catalog.svc:5432/mlflow');
    // $(VAR) expands only from earlier entries.
    const names = env.map((e) => e.name);
    assert.ok(names.indexOf('MLFLOW_DB_PASSWORD') < names.indexOf('MLFLOW_BACKEND_STORE_URI'));
    assert.equal(env.find((e) => e.name === 'AWS_SECRET_ACCESS_KEY')?.valueFrom?.secretKeyRef.name, 'datalyptica-s3');
    assert.deepEqual(build().components.get('mlflow')!.definition.databases, [{ role: 'mlflow' }]);
  });

  it('uses MLflow basic-auth with the admin from the secrets plan while the identity tier is off', () => {
    const platform = build(NO_SSO);
    const pod = at(findObject(objectsOf(platform, 'mlflow'), 'Deployment', 'mlflow'), 'spec.template.spec') as Record<string, unknown>;
    assert.ok((at(pod, 'containers.0.command') as string[]).join(' ').includes('--app-name basic-auth'));
    const init = at(pod, 'initContainers.0.env') as Env;
    assert.equal(init.find((e) => e.name === 'MLFLOW_ADMIN_PASSWORD')?.valueFrom?.secretKeyRef.name, 'mlflow-admin');
    assert.ok(platform.secrets.some((s) => s.name === 'mlflow-admin' && s.namespace === 'datalyptica-analytics' && s.source === 'generated'));
    assert.deepEqual(platform.components.get('mlflow')!.build.exposures.map((e) => [e.host, e.authentication, e.targetPort]), [['mlflow', 'password', 5000]]);
    assert.equal(at(findObject(objectsOf(platform, 'mlflow'), 'Route', 'mlflow'), 'spec.tls.termination'), 'edge');
  });

  it('writes the basic-auth config from the environment only, into the auth tables of its own database', () => {
    const script = authConfigScript(mlflowOptions.parse({ defaultPermission: 'NO_PERMISSIONS' }), { host: 'db.svc', port: 5432, database: 'mlflow' });
    assert.match(script, /"default_permission": "NO_PERMISSIONS"/);
    assert.match(script, /quote\(env\["MLFLOW_DB_PASSWORD"\], safe=""\) \+ "@db\.svc:5432\/mlflow"/);
    assert.match(script, /"admin_password": env\["MLFLOW_ADMIN_PASSWORD"\]/);
  });

  it('accepts its public host, its Service and localhost, and probes /health with Host: localhost', () => {
    const main = at(server(NO_SSO), 'spec.template.spec.containers.0') as Record<string, unknown>;
    const hosts = (main['env'] as Env).find((e) => e.name === 'MLFLOW_SERVER_ALLOWED_HOSTS')!.value!.split(',');
    assert.ok(hosts.includes('mlflow.apps.datalyptica.example.com'));
    assert.ok(hosts.includes('mlflow.datalyptica-analytics.svc:5000'));
    assert.equal(at(main, 'readinessProbe.httpGet.path'), '/health');
    assert.deepEqual(at(main, 'readinessProbe.httpGet.httpHeaders'), [{ name: 'Host', value: 'localhost' }]);
    assert.ok(build().components.get('mlflow')!.build.checks.some((c) => c.probe.type === 'http' && c.probe.path === '/health'));
  });

  it('checks the backend store and the basic-auth admin through the pooler as its own login', () => {
    const checks = build(NO_SSO).components.get('mlflow')!.build.checks.filter((c) => c.probe.type === 'postgres');
    assert.deepEqual(checks.map((c) => [c.id, c.probe.type === 'postgres' ? c.probe.sql : '']), [
      ['mlflow.backend-store', 'select version_num from alembic_version'],
      ['mlflow.auth-store', 'select 1 / count(*) from users where is_admin'],
    ]);
    assert.ok(!buildWithSso().checks.some((c) => c.id === 'mlflow.auth-store'));
  });

  it('lets JupyterHub user pods, Airflow and the router in on the server port only (the clients declare it)', () => {
    const flows = build(NO_SSO).components.get('mlflow')!.build.flows;
    assert.deepEqual(flows.map((f) => [f.from.kind === 'component' ? f.from.component : f.from.kind, f.ports.map((p) => p.port)]), [
      ['ingress', [5000]],
      ['airflow', [5000]],
      ['jupyterhub', [5000]],
    ]);
    const notebooks = flows.find((f) => f.from.kind === 'component' && f.from.component === 'jupyterhub')!;
    assert.deepEqual(notebooks.from.kind === 'component' ? notebooks.from.selector?.['app.kubernetes.io/component'] : undefined, 'singleuser-server');
  });

  it('warns when the user image is a plain upstream image without the PostgreSQL and S3 clients', () => {
    const plain = build({ components: { mlflow: { image: 'ghcr.io/mlflow/mlflow:v3.18.0' } } });
    assert.match(plain.components.get('mlflow')!.build.warnings.join('\n'), /lacks psycopg2 and boto3/);
    assert.deepEqual(build().components.get('mlflow')!.build.warnings, []);
    assert.equal(at(server(), 'spec.template.spec.containers.0.image'), 'ghcr.io/mlflow/mlflow:v3.18.0-full');
  });

  it('puts oauth2-proxy in front of a loopback-only server and declares a Keycloak client when the identity tier is on', () => {
    const sso = buildWithSso();
    const deployment = findObject(sso.objects, 'Deployment', 'mlflow');
    const [server, proxy] = at(deployment, 'spec.template.spec.containers') as Record<string, unknown>[];
    const command = server!['command'] as string[];
    assert.equal(command[command.indexOf('--host') + 1], '127.0.0.1');
    assert.ok(!command.includes('basic-auth'));
    assert.equal(at(deployment, 'spec.template.spec.initContainers'), undefined);
    assert.equal(proxy!['name'], 'oauth2-proxy');
    const env = proxy!['env'] as Env;
    assert.equal(env.find((e) => e.name === 'OAUTH2_PROXY_UPSTREAMS')?.value, 'http://127.0.0.1:5000/');
    assert.equal(env.find((e) => e.name === 'OAUTH2_PROXY_CLIENT_SECRET')?.valueFrom?.secretKeyRef.name, 'mlflow-oidc');
    assert.equal(at(server, 'readinessProbe.httpGet.port'), 4180);
    assert.deepEqual(sso.exposures.map((e) => [e.authentication, e.targetPort]), [['oidc', 4180]]);
    assert.deepEqual(sso.flows.map((f) => f.ports[0]!.port), [4180, 4180, 4180]);
    assert.equal(sso.ssoClients?.[0]?.clientId, 'mlflow');
    assert.deepEqual(sso.ssoClients?.[0]?.redirectUris, ['https://mlflow.apps.datalyptica.example.com/oauth2/callback']);
    const oidc = sso.secrets.find((r) => r.name === 'mlflow-oidc')!;
    assert.deepEqual([oidc.keys, oidc.valueGroup, oidc.consumers], [[SSO_CLIENT_SECRET_SPEC], ssoClientValueGroup('mlflow'), ['mlflow']]);
    assert.equal(env.find((e) => e.name === 'OAUTH2_PROXY_CLIENT_SECRET')?.valueFrom?.secretKeyRef.key, 'client-secret');
    // The browser logs in at the public issuer; the proxy redeems codes and fetches keys on the backchannel.
    assert.equal(env.find((e) => e.name === 'OAUTH2_PROXY_OIDC_ISSUER_URL')?.value, 'https://keycloak.apps.datalyptica.example.com/realms/datalyptica');
    assert.match(env.find((e) => e.name === 'OAUTH2_PROXY_REDEEM_URL')!.value!, /^https:\/\/keycloak-service\.datalyptica-[a-z]+\.svc:8443\/realms\/datalyptica\/protocol\/openid-connect\/token$/);
    assert.match(env.find((e) => e.name === 'OAUTH2_PROXY_OIDC_JWKS_URL')!.value!, /^https:\/\/keycloak-service\.datalyptica-[a-z]+\.svc:8443\//);
    // `--provider-ca-file` names the mounted copy of Keycloak's CA.
    assert.equal(env.find((e) => e.name === 'OAUTH2_PROXY_PROVIDER_CA_FILES')?.value, '/etc/datalyptica/keycloak-ca/ca.crt');
    assert.deepEqual(proxy!['volumeMounts'], [{ name: 'keycloak-ca', mountPath: '/etc/datalyptica/keycloak-ca', readOnly: true }]);
    assert.ok((at(deployment, 'spec.template.spec.volumes') as { name: string }[]).some((v) => v.name === 'keycloak-ca'));
    assert.equal(sso.secrets.find((r) => r.name === 'keycloak-ca')?.copyFrom?.name, 'keycloak-tls');
    // Bearer tokens must name MLflow in `aud`; only the three writing groups get the admitted role.
    assert.deepEqual(sso.ssoClients?.[0]?.audiences, ['mlflow']);
    assert.deepEqual(sso.ssoClients?.[0]?.roleMapping, { user: ['admins', 'engineers', 'analysts'] });
    const keycloak = build().components.get('keycloak')!.build;
    assert.ok(keycloak.flows.some((f) => f.from.kind === 'component' && f.from.component === 'mlflow'));
    assert.ok(!sso.secrets.some((r) => r.name === 'mlflow-admin'));
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const object of sso.objects) assert.equal(validator.validate(object).status, 'valid', `${object.kind}/${object.metadata.name}`);
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'mlflow')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
