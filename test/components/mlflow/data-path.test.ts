import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { platformFor } from '../../support/platform.ts';

const checksOf = (config: Parameters<typeof platformFor>[0]) => platformFor(config).components.get('mlflow')!.build.checks;

describe('mlflow end-to-end data-path check', () => {
  it('logs and reads an artifact through the proxied artifact API as the basic-auth admin when MLflow has its own login', () => {
    const check = checksOf({ components: { keycloak: { enabled: false } } }).find((c) => c.id === 'mlflow.artifact')!;
    assert.equal(check.group, 'data');
    assert.deepEqual(check.probe, {
      type: 'mlflow-artifact',
      endpoint: { namespace: 'datalyptica-analytics', service: 'mlflow', port: 5000 },
      username: { namespace: 'datalyptica-analytics', name: 'mlflow-admin', key: 'username' },
      password: { namespace: 'datalyptica-analytics', name: 'mlflow-admin', key: 'password' },
      experiment: 'datalyptica-validate',
    });
  });

  it('behind oauth2-proxy logs through the proxy\'s port with a realm token of its own service client', () => {
    const check = checksOf({}).find((c) => c.id === 'mlflow.artifact')!;
    assert.deepEqual(check.probe, {
      type: 'mlflow-artifact',
      endpoint: { namespace: 'datalyptica-analytics', service: 'mlflow', port: 4180 },
      token: {
        endpoint: { namespace: 'datalyptica-iam', service: 'keycloak-service', port: 8080 },
        realmPath: '/realms/datalyptica',
        clientId: 'mlflow-validate',
        clientSecret: { namespace: 'datalyptica-analytics', name: 'mlflow-validate-client', key: 'client-secret' },
      },
      experiment: 'datalyptica-validate',
    });
  });

  it('declares the check\'s realm client: client credentials, the mlflow audience and MLflow\'s user role, its secret shared with the realm import', () => {
    const platform = platformFor({});
    const build = platform.components.get('mlflow')!.build;
    const client = (build.ssoClients ?? []).find((c) => c.clientId === 'mlflow-validate')!;
    assert.equal(client.type, 'service');
    assert.deepEqual(client.audiences, ['mlflow']);
    assert.deepEqual(client.serviceAccountClientRoles, { mlflow: ['user'] });
    const secret = build.secrets.find((s) => s.name === 'mlflow-validate-client')!;
    assert.equal(secret.valueGroup, 'sso-client-mlflow-validate');
    assert.equal(secret.namespace, 'datalyptica-analytics');
  });

  it('has no realm client of its own without the identity tier', () => {
    const build = platformFor({ components: { keycloak: { enabled: false } } }).components.get('mlflow')!.build;
    assert.ok(!(build.ssoClients ?? []).some((c) => c.clientId === 'mlflow-validate'));
    assert.ok(!build.secrets.some((s) => s.name === 'mlflow-validate-client'));
  });
});

describe('the realm with MLflow\'s check client', () => {
  it('holds its service account with MLflow\'s user role and issues its tokens for the mlflow audience', () => {
    const keycloak = platformFor({}).components.get('keycloak')!.build;
    const realmImport = keycloak.objects.find((o) => o.kind === 'KeycloakRealmImport')!;
    const realm = (realmImport['spec'] as { realm: { users: { username: string; clientRoles?: Record<string, string[]> }[]; clients: { clientId: string; serviceAccountsEnabled: boolean; protocolMappers: { config: Record<string, string> }[] }[] } }).realm;
    assert.deepEqual(realm.users.find((u) => u.username === 'service-account-mlflow-validate')?.clientRoles, { mlflow: ['user'] });
    const client = realm.clients.find((c) => c.clientId === 'mlflow-validate')!;
    assert.equal(client.serviceAccountsEnabled, true);
    assert.ok(client.protocolMappers.some((m) => m.config['included.custom.audience'] === 'mlflow'));
  });
});
