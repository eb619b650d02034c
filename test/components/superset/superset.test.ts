import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { supersetConfig } from '../../../src/components/superset/config.ts';
import { initScript } from '../../../src/components/superset/init-job.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { ComponentBuild } from '../../../src/model/component.ts';
import { SSO_CLIENT_SECRET_SPEC, ssoClientValueGroup } from '../../../src/model/sso.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const build = (config: UserConfig = {}) => platformFor(config);
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];


/** The default render logs users in through the platform realm (Keycloak is on by default). */
const buildWithSso = (): ComponentBuild => build().components.get('superset')!.build;
/** Without the identity tier: Superset's own database login. */
const NO_SSO = { keycloak: { enabled: false } } as const;

describe('superset component', () => {
  it('matches the production OpenShift snapshot', () => {
    matchSnapshot('components/superset/production-openshift', build().components.get('superset')!.build.objects);
  });

  it('runs two web pods and two workers in production, one beat that never overlaps, each with a PDB where it has more than one pod', () => {
    const objects = objectsOf(build(), 'superset');
    assert.equal(at(findObject(objects, 'Deployment', 'superset-web'), 'spec.replicas'), 2);
    assert.equal(at(findObject(objects, 'Deployment', 'superset-worker'), 'spec.replicas'), 2);
    const beat = findObject(objects, 'Deployment', 'superset-beat');
    assert.equal(at(beat, 'spec.replicas'), 1);
    assert.equal(at(beat, 'spec.strategy.type'), 'Recreate');
    assert.equal(at(findObject(objects, 'PodDisruptionBudget', 'superset-web'), 'spec.maxUnavailable'), 1);
    assert.ok(!objects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'superset-beat'));
  });

  it('serves gunicorn on 8088 with /health probes and waits for the migrations before starting', () => {
    const web = findObject(objectsOf(build(), 'superset'), 'Deployment', 'superset-web');
    const main = at(web, 'spec.template.spec.containers.0') as Record<string, unknown>;
    assert.equal((main['command'] as string[])[0], 'gunicorn');
    assert.equal(at(main, 'readinessProbe.httpGet.path'), '/health');
    assert.equal(at(main, 'securityContext.allowPrivilegeEscalation'), false);
    assert.match(String(at(web, 'spec.template.spec.initContainers.0.command.2')), /superset db current/);
  });

  it('migrates, initialises and registers Trino and ClickHouse in the init Job, with the ClickHouse password from the environment', () => {
    const job = objectsOf(build({ components: NO_SSO }), 'superset').find((o) => o.kind === 'Job')!;
    const script = String(at(job, 'spec.template.spec.containers.0.command.2'));
    assert.match(script, /^set -eu\nsuperset db upgrade\nsuperset init\n/);
    assert.match(script, /set-database-uri -d Trino -u "trino:\/\/superset@trino\.datalyptica-query\.svc:8443\/iceberg"/);
    assert.match(script, /database\.extra = "\{\\"engine_params\\":\{\\"connect_args\\":\{\\"http_scheme\\":\\"https\\",\\"verify\\":\\"\/etc\/superset\/trino-ca\/ca\.crt\\"\}\}\}"/);
    assert.doesNotMatch(script, /impersonate_user/);
    assert.match(script, /clickhousedb:\/\/superset:\$CLICKHOUSE_PASSWORD@clickhouse-datalyptica\.datalyptica-query\.svc:8123\/default/);
    assert.match(script, /fab create-admin --username "\$SUPERSET_ADMIN_USER"/);
  });

  it('registers no database for a disabled engine and none when registration is off', () => {
    assert.doesNotMatch(initScript({ databases: [] }), /set-database-uri/);
    const job = objectsOf(build({ components: { clickhouse: { enabled: false } } }), 'superset').find((o) => o.kind === 'Job')!;
    assert.doesNotMatch(String(at(job, 'spec.template.spec.containers.0.command.2')), /ClickHouse/);
    const off = objectsOf(build({ components: { superset: { registerDatabases: false } } }), 'superset').find((o) => o.kind === 'Job')!;
    assert.doesNotMatch(String(at(off, 'spec.template.spec.containers.0.command.2')), /set-database-uri/);
  });

  it('renders superset_config.py with Redis caches and Celery, merged feature flags and no credential', () => {
    const config = (at(findObject(objectsOf(build({ components: { ...NO_SSO, superset: { featureFlags: { EMBEDDED_SUPERSET: true, ALERT_REPORTS: false } } } }), 'superset'), 'ConfigMap', 'superset-config'), 'data') as Record<string, string>)['superset_config.py']!;
    assert.match(config, /^SECRET_KEY = os\.environ\["SUPERSET_SECRET_KEY"\]$/m);
    assert.match(config, /"CACHE_TYPE": "RedisCache"/);
    assert.match(config, /datalyptica-redis-master\.datalyptica-catalog\.svc/);
    assert.match(config, /"ALERT_REPORTS": False,/);
    assert.match(config, /"EMBEDDED_SUPERSET": True,/);
    assert.match(config, /"ENABLE_TEMPLATE_PROCESSING": False,/);
    assert.match(config, /^AUTH_TYPE = AUTH_DB$/m);
    assert.doesNotMatch(config, /:\/\/[^\s"{]+:[^\s"{@]+@/);
  });

  it('logs in through Keycloak, mapping each realm group in the groups claim to its Superset roles, when the identity tier is on', () => {
    const config = supersetConfig({
      database: { host: 'db', port: 5432, name: 'superset' },
      redis: { host: 'redis', port: 6379 },
      featureFlags: {},
      cacheTimeoutSeconds: 60,
      sso: { issuer: 'https://keycloak.example.com/realms/datalyptica', internalIssuer: 'http://keycloak-service.iam.svc:8080/realms/datalyptica', clientId: 'superset' },
    });
    assert.match(config, /^AUTH_TYPE = AUTH_OAUTH$/m);
    assert.match(config, /"authorize_url": "https:\/\/keycloak\.example\.com\/realms\/datalyptica\/protocol\/openid-connect\/auth"/);
    assert.match(config, /"access_token_url": "http:\/\/keycloak-service\.iam\.svc:8080\/realms\/datalyptica\/protocol\/openid-connect\/token"/);
    assert.match(config, /"jwks_uri": "http:\/\/keycloak-service\.iam\.svc:8080\//);
    assert.match(config, /"client_secret": os\.environ\["SUPERSET_OIDC_CLIENT_SECRET"\]/);
    // FAB reads the `groups` claim (group names) as role keys: a role-name key would never match.
    assert.match(config, /^ {4}"admins": \["Admin"\],$/m);
    assert.match(config, /^ {4}"\/admins": \["Admin"\],$/m);
    assert.match(config, /^ {4}"engineers": \["Alpha", "sql_lab"\],$/m);
    assert.match(config, /^ {4}"analysts": \["Gamma", "sql_lab"\],$/m);
    assert.match(config, /^ {4}"viewers": \["Gamma"\],$/m);
    assert.doesNotMatch(config, /^ {4}"Admin": /m);
  });

  it('reads every credential from Secrets it or its peers declare', () => {
    const platform = build();
    const web = findObject(objectsOf(platform, 'superset'), 'Deployment', 'superset-web');
    const env = at(web, 'spec.template.spec.containers.0.env') as Env;
    const refs = Object.fromEntries(env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom!.secretKeyRef.name]));
    assert.deepEqual(refs, {
      SUPERSET_SECRET_KEY: 'superset-secret-key',
      SUPERSET_DB_USER: 'datalyptica-pg-superset',
      SUPERSET_DB_PASSWORD: 'datalyptica-pg-superset',
      SUPERSET_REDIS_PASSWORD: 'datalyptica-redis',
      CLICKHOUSE_PASSWORD: 'superset-clickhouse',
      SUPERSET_OIDC_CLIENT_SECRET: 'superset-oidc',
    });
    for (const name of new Set(Object.values(refs))) assert.ok(platform.secrets.some((s) => s.name === name && s.namespace === 'datalyptica-analytics'), name);
  });

  it('builds the driver image in the cluster on OpenShift and runs it from the ImageStream', () => {
    const objects = objectsOf(build(), 'superset');
    const buildConfig = findObject(objects, 'BuildConfig', 'superset');
    assert.match(String(at(buildConfig, 'spec.source.dockerfile')), /uv pip install --no-cache psycopg2-binary==\S+ trino\[sqlalchemy\]==\S+ clickhouse-connect==\S+/);
    assert.equal(at(buildConfig, 'spec.output.to.name'), 'superset:6.1.0-drivers');
    findObject(objects, 'ImageStream', 'superset');
    assert.equal(at(findObject(objects, 'Deployment', 'superset-web'), 'spec.template.spec.containers.0.image'), 'image-registry.openshift-image-registry.svc:5000/datalyptica-analytics/superset:6.1.0-drivers');
    assert.deepEqual(build().components.get('superset')!.build.warnings, []);
  });

  it('runs the stock image with a warning on Kubernetes, and the user image without one', () => {
    const stock = build({ target: 'kubernetes' });
    assert.ok(!objectsOf(stock, 'superset').some((o) => o.kind === 'BuildConfig'));
    assert.match(stock.components.get('superset')!.build.warnings.join('\n'), /set components\.superset\.image/);
    const own = build({ target: 'kubernetes', components: { superset: { image: 'registry.example.com/bi/superset:6.1.0-drivers' } } });
    assert.deepEqual(own.components.get('superset')!.build.warnings, []);
    assert.equal(at(findObject(objectsOf(own, 'superset'), 'Deployment', 'superset-worker'), 'spec.template.spec.containers.0.image'), 'registry.example.com/bi/superset:6.1.0-drivers');
  });

  it('exposes only the web pods, with TLS at the router and password login, and declares its database', () => {
    const platform = build({ components: NO_SSO });
    const b = platform.components.get('superset')!;
    assert.deepEqual(b.build.exposures.map((e) => [e.host, e.authentication, e.targetPort]), [['superset', 'password', 8088]]);
    assert.equal(at(findObject(objectsOf(platform, 'superset'), 'Route', 'superset'), 'spec.tls.termination'), 'edge');
    assert.deepEqual(b.definition.databases, [{ role: 'superset' }]);
    assert.ok(b.build.checks.some((c) => c.probe.type === 'http' && c.probe.path === '/health'));
  });

  it('checks the metadata database and every registration as its own login, failing on a missing one', () => {
    const checks = build().components.get('superset')!.build.checks;
    const sql = Object.fromEntries(checks.flatMap((c) => (c.probe.type === 'postgres' ? [[c.id, c.probe]] : [])));
    assert.deepEqual(Object.keys(sql), ['superset.metadata-db', 'superset.database.trino', 'superset.database.clickhouse']);
    assert.equal(sql['superset.database.trino']!.sql, "select 1 / count(*) from dbs where database_name = 'Trino'");
    assert.deepEqual(sql['superset.metadata-db']!.password, { namespace: 'datalyptica-analytics', name: 'datalyptica-pg-superset', key: 'password' });
    assert.deepEqual(sql['superset.metadata-db']!.endpoint, { namespace: 'datalyptica-catalog', service: 'datalyptica-postgres-pooler-rw', port: 5432 });
  });

  it('logs in through Keycloak when the identity tier is on: OAuth config, client secret, Keycloak client with role mapping, no admin user', () => {
    const sso = buildWithSso();
    const config = (at(findObject(sso.objects, 'ConfigMap', 'superset-config'), 'data') as Record<string, string>)['superset_config.py']!;
    assert.match(config, /^AUTH_TYPE = AUTH_OAUTH$/m);
    const env = at(findObject(sso.objects, 'Deployment', 'superset-web'), 'spec.template.spec.containers.0.env') as Env;
    assert.equal(env.find((e) => e.name === 'SUPERSET_OIDC_CLIENT_SECRET')?.valueFrom?.secretKeyRef.name, 'superset-oidc');
    const job = sso.objects.find((o) => o.kind === 'Job')!;
    assert.doesNotMatch(String(at(job, 'spec.template.spec.containers.0.command.2')), /create-admin/);
    const client = sso.ssoClients?.[0];
    assert.equal(client?.clientId, 'superset');
    assert.deepEqual(client?.redirectUris, ['https://superset.apps.datalyptica.example.com/oauth-authorized/keycloak', 'https://superset.apps.datalyptica.example.com/api/v1/database/oauth2/']);
    assert.deepEqual(client?.roleMapping?.['Admin'], ['admins']);
    assert.deepEqual(sso.exposures.map((e) => e.authentication), ['oidc']);
    const secret = sso.secrets.find((r) => r.name === 'superset-oidc')!;
    assert.deepEqual([secret.keys, secret.valueGroup, secret.consumers], [[SSO_CLIENT_SECRET_SPEC], ssoClientValueGroup('superset'), ['superset']]);
    assert.deepEqual(client?.secret, { name: 'superset-oidc', namespace: 'datalyptica-analytics' });
    assert.equal(env.find((e) => e.name === 'SUPERSET_OIDC_CLIENT_SECRET')?.valueFrom?.secretKeyRef.key, 'client-secret');
    // Viewers see dashboards (Gamma); SQL Lab for engineers and analysts; Alpha for engineers.
    assert.deepEqual(client?.roleMapping, { Admin: ['admins'], Alpha: ['engineers'], Gamma: ['analysts', 'viewers'], sql_lab: ['engineers', 'analysts'] });
    assert.ok(build().components.get('keycloak')!.build.flows.some((f) => f.from.kind === 'component' && f.from.component === 'superset'));
    assert.ok(!sso.secrets.some((r) => r.name === 'superset-admin'));
  });

  it('queries Trino as each logged-in user with their own realm token (database OAuth2) over HTTPS, trusting Trino\'s CA', () => {
    const sso = buildWithSso();
    const config = (at(findObject(sso.objects, 'ConfigMap', 'superset-config'), 'data') as Record<string, string>)['superset_config.py']!;
    assert.match(config, /^DATABASE_OAUTH2_CLIENTS = \{\n {4}"Trino": \{\n {8}"id": "superset",\n {8}"secret": os\.environ\["SUPERSET_OIDC_CLIENT_SECRET"\],/m);
    assert.match(config, /"token_request_uri": "https:\/\/keycloak-service\.datalyptica-iam\.svc:8443\/realms\/datalyptica\/protocol\/openid-connect\/token",/);
    // requests trusts the public CAs plus Keycloak's (mounted from the secrets plan's copy) before any call.
    assert.match(config, /for _source in \(certifi\.where\(\), "\/etc\/datalyptica\/keycloak-ca\/ca\.crt"\):/);
    assert.match(config, /^os\.environ\["REQUESTS_CA_BUNDLE"\] = _CA_BUNDLE$/m);
    assert.ok(config.indexOf('REQUESTS_CA_BUNDLE') < config.indexOf('OAUTH_PROVIDERS'));
    for (const workload of sso.objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
      const pod = at(workload, 'spec.template.spec') as { volumes: { name: string; secret?: { secretName: string } }[]; containers: { volumeMounts: { mountPath: string }[] }[] };
      assert.equal(pod.volumes.find((v) => v.name === 'keycloak-ca')?.secret?.secretName, 'keycloak-ca', workload.metadata.name);
      assert.ok(pod.containers[0]!.volumeMounts.some((m) => m.mountPath === '/etc/datalyptica/keycloak-ca'), workload.metadata.name);
    }
    assert.equal(sso.secrets.find((r) => r.name === 'keycloak-ca')?.copyFrom?.name, 'keycloak-tls');
    assert.match(config, /^DATABASE_OAUTH2_REDIRECT_URI = "https:\/\/superset\.apps\.datalyptica\.example\.com\/api\/v1\/database\/oauth2\/"$/m);
    const script = String(at(sso.objects.find((o) => o.kind === 'Job')!, 'spec.template.spec.containers.0.command.2'));
    assert.match(script, /set-database-uri -d Trino -u "trino:\/\/trino\.datalyptica-query\.svc:8443\/iceberg"/);
    assert.match(script, /database\.impersonate_user = True/);
    assert.deepEqual(sso.ssoClients?.[0]?.audiences, ['trino']);
    const volumes = at(findObject(sso.objects, 'Deployment', 'superset-web'), 'spec.template.spec.volumes') as { name: string; configMap?: { name: string } }[];
    assert.equal(volumes.find((v) => v.name === 'trino-ca')?.configMap?.name, 'openshift-service-ca.crt');
    const off = (at(findObject(objectsOf(build({ components: NO_SSO }), 'superset'), 'ConfigMap', 'superset-config'), 'data') as Record<string, string>)['superset_config.py']!;
    assert.doesNotMatch(off, /DATABASE_OAUTH2/);
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'superset')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
