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

  it('is left out behind oauth2-proxy (the server listens on localhost only)', () => {
    assert.ok(!checksOf({}).some((c) => c.id === 'mlflow.artifact'));
  });
});
