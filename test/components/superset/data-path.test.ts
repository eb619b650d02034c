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

  it('behind Keycloak runs SELECT 1 as the validate service user on ClickHouse, and leaves out Trino whose queries need each person\'s own token', () => {
    const checks = checksOf({});
    assert.ok(!checks.some((c) => c.id === 'superset.sql-trino'));
    const check = checks.find((c) => c.id === 'superset.sql-clickhouse')!;
    assert.deepEqual(check.probe, {
      type: 'superset-sql',
      endpoint: { namespace: 'datalyptica-analytics', service: 'superset', port: 8088 },
      username: { namespace: 'datalyptica-analytics', name: 'superset-validate', key: 'username' },
      password: { namespace: 'datalyptica-analytics', name: 'superset-validate', key: 'password' },
      database: 'ClickHouse',
      sql: 'SELECT 1',
    });
  });

  it('is left out when no database is registered', () => {
    assert.ok(!checksOf({ components: { keycloak: { enabled: false }, superset: { registerDatabases: false } } }).some((c) => c.id.startsWith('superset.sql-')));
  });
});

describe('superset validate service user', () => {
  const build = (config: Parameters<typeof platformFor>[0]) => platformFor(config).components.get('superset')!.build;
  const initScript = (config: Parameters<typeof platformFor>[0]) => {
    const job = build(config).objects.find((o) => o.kind === 'Job')! as unknown as { spec: { template: { spec: { containers: { command: string[]; env: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[] }[] } } } };
    return job.spec.template.spec.containers[0]!;
  };

  it('behind Keycloak: the init Job creates it with Alpha and sql_lab from the superset-validate Secret, and the config admits its API login only', () => {
    const init = initScript({});
    const script = init.command.join(' ');
    assert.match(script, /sm\.add_user\(name, "Datalyptica", "Validate", .*roles, password=password\)/);
    assert.match(script, /\["Alpha","sql_lab"\]/);
    assert.match(script, /sm\.reset_password\(user\.id, password\)/);
    assert.ok(!script.includes('create-admin'));
    assert.equal(init.env.find((e) => e.name === 'SUPERSET_VALIDATE_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'superset-validate');
    const secret = build({}).secrets.find((s) => s.name === 'superset-validate')!;
    assert.deepEqual(secret.keys.map((k) => k.key), ['username', 'password']);
    const config = String((build({}).objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'superset-config')!['data'] as Record<string, string>)['superset_config.py']);
    assert.match(config, /^AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS = True$/m);
    assert.match(config, /if username != "datalyptica-validate" or not password:\n {12}return None/);
    assert.match(config, /^CUSTOM_SECURITY_MANAGER = DatalypticaSecurityManager$/m);
  });

  it('with Superset\'s own login: no service user, the admin is created as before and multiple API providers stay off', () => {
    const config = { components: { keycloak: { enabled: false } } };
    assert.ok(!build(config).secrets.some((s) => s.name === 'superset-validate'));
    assert.match(initScript(config).command.join(' '), /superset fab create-admin/);
    const file = String((build(config).objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'superset-config')!['data'] as Record<string, string>)['superset_config.py']);
    assert.ok(!file.includes('AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS'));
  });
});
