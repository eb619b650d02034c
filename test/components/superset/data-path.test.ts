import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { platformFor } from '../../support/platform.ts';

const checksOf = (config: Parameters<typeof platformFor>[0]) => platformFor(config).components.get('superset')!.build.checks;

describe('superset end-to-end data-path check', () => {
  it('runs SELECT 1 on the Trino database through SQL Lab as Superset\'s own admin when Superset has its own login', () => {
    const check = checksOf({ components: { keycloak: { enabled: false } } }).find((c) => c.id === 'superset.sql-trino')!;
    assert.equal(check.group, 'data');
    assert.deepEqual(check.probe, {
      type: 'superset-sql',
      endpoint: { namespace: 'datalyptica-analytics', service: 'superset', port: 8088 },
      username: { namespace: 'datalyptica-analytics', name: 'superset-admin', key: 'username' },
      password: { namespace: 'datalyptica-analytics', name: 'superset-admin', key: 'password' },
      database: 'Trino',
      sql: 'SELECT 1',
    });
  });

  it('is left out behind Keycloak (no password account) and when Trino is not registered', () => {
    assert.ok(!checksOf({}).some((c) => c.id === 'superset.sql-trino'));
    assert.ok(!checksOf({ components: { keycloak: { enabled: false }, superset: { registerDatabases: false } } }).some((c) => c.id === 'superset.sql-trino'));
  });
});
