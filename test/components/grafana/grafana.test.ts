import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { platformDashboards } from '../../../src/components/grafana/dashboards/catalog.ts';
import { dashboardJson, dashboardQueries } from '../../../src/components/grafana/dashboards/model.ts';
import { grafana } from '../../../src/components/grafana/index.ts';
import { roleAttributePath, GRAFANA_ROLE_MAPPING } from '../../../src/components/grafana/instance.ts';
import { COMPONENTS } from '../../../src/components/registry.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import { enabledComponents } from '../../../src/platform/assemble.ts';
import { PlatformBuildContext } from '../../../src/platform/context.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const build = (config: UserConfig = {}) => platformFor(config);
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

describe('grafana component', () => {
  it('matches the production snapshots of both targets', () => {
    matchSnapshot('components/grafana/production-openshift', build().components.get('grafana')!.build.objects);
    matchSnapshot('components/grafana/production-kubernetes', build({ target: 'kubernetes' }).components.get('grafana')!.build.objects);
  });

  it('runs 3 replicas in production and 1 in dev, on the platform PostgreSQL with credentials from Secrets', () => {
    const grafana = findObject(objectsOf(build(), 'grafana'), 'Grafana', 'grafana');
    assert.equal(at(grafana, 'spec.deployment.spec.replicas'), 3);
    assert.equal(at(findObject(objectsOf(build({ profile: 'dev' }), 'grafana'), 'Grafana', 'grafana'), 'spec.deployment.spec.replicas'), 1);
    assert.equal(at(grafana, 'spec.config.database.type'), 'postgres');
    assert.equal(at(grafana, 'spec.config.database.name'), 'grafana');
    assert.equal(at(grafana, 'spec.disableDefaultAdminSecret'), true);
    const env = at(grafana, 'spec.deployment.spec.template.spec.containers.0.env') as Env[];
    assert.ok(env.every((e) => e.value === undefined && e.valueFrom?.secretKeyRef !== undefined));
    assert.deepEqual(env.find((e) => e.name === 'GF_DATABASE_PASSWORD')?.valueFrom?.secretKeyRef, { name: 'datalyptica-pg-grafana', key: 'password' });
  });

  it('declares its database, its admin Secret and a PDB for 3 replicas', () => {
    const platform = build();
    const built = platform.components.get('grafana')!;
    assert.deepEqual(built.definition.databases, [{ role: 'grafana' }]);
    assert.ok(built.build.secrets.some((s) => s.name === 'grafana-admin' && s.source === 'generated'));
    assert.equal(at(findObject(objectsOf(platform, 'grafana'), 'PodDisruptionBudget', 'grafana'), 'spec.maxUnavailable'), 1);
  });

  it('reads Thanos Querier with a ServiceAccount token bound to cluster-monitoring-view on OpenShift', () => {
    const objects = objectsOf(build(), 'grafana');
    const metrics = findObject(objects, 'GrafanaDatasource', 'metrics');
    assert.equal(at(metrics, 'spec.datasource.url'), 'https://thanos-querier.openshift-monitoring.svc:9091');
    assert.equal(at(metrics, 'spec.datasource.secureJsonData.httpHeaderValue1'), 'Bearer ${token}');
    assert.equal(at(metrics, 'spec.valuesFrom.0.valueFrom.secretKeyRef.name'), 'grafana-datasource-token');
    assert.equal(at(findObject(objects, 'ClusterRoleBinding', 'datalyptica-grafana-cluster-monitoring-view'), 'roleRef.name'), 'cluster-monitoring-view');
    assert.equal(at(findObject(objects, 'GrafanaDatasource', 'logs'), 'spec.datasource.url'), 'https://logging-loki-gateway-http.datalyptica-monitoring.svc:8080/api/logs/v1/application');
  });

  it('reads the prometheus-operated Service and the native Loki on Kubernetes', () => {
    const objects = objectsOf(build({ target: 'kubernetes' }), 'grafana');
    assert.match(String(at(findObject(objects, 'GrafanaDatasource', 'metrics'), 'spec.datasource.url')), /^http:\/\/prometheus-operated\..*:9090$/);
    assert.equal(at(findObject(objects, 'GrafanaDatasource', 'logs'), 'spec.datasource.url'), 'http://loki.datalyptica-monitoring.svc:3100');
    assert.ok(!objects.some((o) => o.kind === 'ClusterRoleBinding'));
  });

  it('renders nine dashboards in one folder, generated from the typed builders', () => {
    const dashboards = objectsOf(build(), 'grafana').filter((o) => o.kind === 'GrafanaDashboard');
    assert.equal(dashboards.length, 9);
    for (const d of dashboards) {
      assert.equal(at(d, 'spec.folderRef'), 'datalyptica');
      const json = JSON.parse(String(at(d, 'spec.json'))) as { uid: string; panels: { type: string; targets?: { expr: string }[] }[] };
      assert.equal(json.uid, d.metadata.name);
      assert.ok(json.panels.some((p) => p.type !== 'row' && (p.targets?.length ?? 0) > 0), d.metadata.name);
    }
  });

  it('exposes every query with its language, and each PromQL query names the platform namespaces', () => {
    const dashboards = platformDashboards((name) => `dl-${name}`, 'dl');
    const queries = dashboardQueries(dashboards);
    assert.equal(new Set(queries.map((q) => q.dashboard)).size, 9);
    assert.ok(queries.some((q) => q.language === 'logql'));
    for (const q of queries) assert.match(q.expr, /namespace(=~?)"dl-/, `${q.dashboard}/${q.panel}`);
    const json = dashboardJson(dashboards[0]!);
    assert.equal((json['panels'] as unknown[]).length > 0, true);
  });

  it('logs in through Keycloak with Admin, Editor and Viewer from the platform groups when the identity tier is on', () => {
    assert.equal(roleAttributePath(GRAFANA_ROLE_MAPPING), "(contains(groups[*], 'admins')) && 'Admin' || (contains(groups[*], 'engineers')) && 'Editor' || 'Viewer'");
    const off = build({ components: { keycloak: { enabled: false } } }).components.get('grafana')!.build;
    assert.equal(off.ssoClients, undefined);
    assert.equal(off.exposures[0]?.authentication, 'password');
  });

  it('configures Keycloak login, hides the login form and declares its OIDC client once the identity tier is on', () => {
    const config = resolveConfig({});
    const definitions = new Map(COMPONENTS.map((d) => [d.name, d] as const));
    const enabled = new Set([...enabledComponents(config), 'keycloak' as const]);
    const ctx = new PlatformBuildContext({ config, definition: grafana, definitions, enabled });
    const built = grafana.build(ctx);
    const instance = findObject(built.objects, 'Grafana', 'grafana');
    const oauth = (at(instance, 'spec.config') as Record<string, Record<string, string>>)['auth.generic_oauth'];
    assert.ok(oauth);
    const ini = oauth as Record<string, string>;
    assert.equal(ini['client_id'], 'grafana');
    assert.equal(ini['auth_url'], 'https://keycloak.apps.datalyptica.example.com/realms/datalyptica/protocol/openid-connect/auth');
    assert.match(ini['token_url']!, /^https:\/\/keycloak-service\..*\.svc:8443\/realms\/datalyptica\/protocol\/openid-connect\/token$/);
    assert.match(ini['api_url']!, /^https:\/\/keycloak-service\..*\.svc:8443\//);
    // The backchannel's CA: the secrets plan's copy of Keycloak's ca.crt, mounted and named in tls_client_ca.
    assert.equal(ini['tls_client_ca'], '/etc/datalyptica/keycloak-ca/ca.crt');
    assert.deepEqual(at(instance, 'spec.deployment.spec.template.spec.volumes'), [{ name: 'keycloak-ca', secret: { secretName: 'keycloak-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]);
    assert.deepEqual(at(instance, 'spec.deployment.spec.template.spec.containers.0.volumeMounts'), [{ name: 'keycloak-ca', mountPath: '/etc/datalyptica/keycloak-ca', readOnly: true }]);
    assert.equal(built.secrets.find((x) => x.name === 'keycloak-ca')?.source, 'copy');
    const secret = built.secrets.find((x) => x.name === 'grafana-oidc');
    assert.equal(secret?.source, 'generated');
    assert.equal(secret?.valueGroup, 'sso-client-grafana');
    assert.equal(ini['role_attribute_path'], roleAttributePath(GRAFANA_ROLE_MAPPING));
    assert.equal(at(instance, 'spec.config.auth.disable_login_form'), 'true');
    const env = at(instance, 'spec.deployment.spec.template.spec.containers.0.env') as Env[];
    assert.deepEqual(env.find((e) => e.name === 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET')?.valueFrom?.secretKeyRef, { name: 'grafana-oidc', key: 'client-secret' });
    assert.deepEqual(built.ssoClients?.map((c) => [c.clientId, c.type, c.redirectUris[0], c.roleMapping]), [
      ['grafana', 'confidential', 'https://grafana.apps.datalyptica.example.com/login/generic_oauth', GRAFANA_ROLE_MAPPING],
    ]);
    assert.equal(built.exposures[0]?.authentication, 'oidc');
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'grafana')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
