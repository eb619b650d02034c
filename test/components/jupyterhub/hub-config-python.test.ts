import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SETTINGS_FILE } from '../../../src/components/jupyterhub/hub-config.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { tempDir } from '../../support/temp.ts';

/**
 * Runs the rendered jupyterhub_config.py with its rendered settings.json in the machine's Python 3,
 * with a stand-in for traitlets' `c` that records every assignment (JupyterHub itself is not
 * installed here), and returns the traits it set: section → trait → value.
 */
function loadedTraits(config: UserConfig): Record<string, Record<string, unknown>> {
  const objects = objectsOf(platformFor(config), 'jupyterhub');
  const data = at(findObject(objects, 'ConfigMap', 'jupyterhub-hub-config'), 'data') as Record<string, string>;
  const dir = tempDir('datalyptica-hub-config-');
  const settings = join(dir, 'settings.json');
  writeFileSync(settings, data['settings.json']!);
  writeFileSync(join(dir, 'jupyterhub_config.py'), data['jupyterhub_config.py']!.replace(JSON.stringify(SETTINGS_FILE), JSON.stringify(settings)));
  const runner = [
    'import json, sys',
    'class Section:',
    '    def __init__(self): object.__setattr__(self, "values", {})',
    '    def __setattr__(self, key, value): self.values[key] = value',
    '    def __getattr__(self, key): return self.values[key]',
    'class Config:',
    '    def __init__(self): object.__setattr__(self, "sections", {})',
    '    def __getattr__(self, key): return self.sections.setdefault(key, Section())',
    'c = Config()',
    'exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), {"c": c})',
    'print(json.dumps({name: {k: v for k, v in s.values.items() if not callable(v)} for name, s in c.sections.items()}, default=sorted))',
  ].join('\n');
  const env = { ...process.env, JUPYTERHUB_METRICS_TOKEN: 'metrics', JUPYTERHUB_VALIDATE_TOKEN: 'validate', JUPYTERHUB_ADMIN_PASSWORD: 'a', JUPYTERHUB_USER_PASSWORD: 'u' };
  const run = spawnSync('python3', ['-c', runner, join(dir, 'jupyterhub_config.py')], { encoding: 'utf8', env });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
}

describe('the rendered jupyterhub_config.py run in Python', () => {
  it('with the realm: renews users\' tokens (refresh before spawn, every 300 s on use) and lets a server read its own user\'s auth state', () => {
    const traits = loadedTraits({});
    assert.equal(traits['GenericOAuthenticator']!['refresh_pre_spawn'], true);
    assert.equal(traits['GenericOAuthenticator']!['auth_refresh_age'], 300);
    assert.equal(traits['GenericOAuthenticator']!['enable_auth_state'], true);
    const roles = traits['JupyterHub']!['load_roles'] as { name: string; scopes: string[]; services?: string[] }[];
    assert.deepEqual(roles.find((r) => r.name === 'server')?.scopes, ['users:activity!user', 'access:servers!server', 'admin:auth_state!user']);
    assert.deepEqual(roles.find((r) => r.name === 'user')?.scopes, ['self', 'admin:auth_state!user']);
    assert.deepEqual(roles.find((r) => r.name === 'prometheus')?.scopes, ['read:metrics']);
    assert.ok(roles.some((r) => r.name === 'jupyterhub-idle-culler'), 'the culler keeps its role');
  });

  it('registers the validate service with its token from the environment and only the scopes to list user names', () => {
    for (const config of [{}, { components: { keycloak: { enabled: false } } }] as UserConfig[]) {
      const traits = loadedTraits(config);
      const roles = traits['JupyterHub']!['load_roles'] as { name: string; scopes: string[]; services?: string[] }[];
      assert.deepEqual(roles.find((r) => r.name === 'datalyptica-validate'), { name: 'datalyptica-validate', scopes: ['list:users', 'read:users:name'], services: ['datalyptica-validate'] });
      const services = traits['JupyterHub']!['services'] as { name: string; api_token?: string }[];
      assert.equal(services.find((s) => s.name === 'datalyptica-validate')?.api_token, 'validate');
    }
  });

  it('with JupyterHub\'s own login: no refresh and JupyterHub\'s default user and server roles', () => {
    const traits = loadedTraits({ components: { keycloak: { enabled: false } } });
    assert.equal(traits['GenericOAuthenticator'], undefined);
    const roles = traits['JupyterHub']!['load_roles'] as { name: string }[];
    assert.ok(!roles.some((r) => r.name === 'server' || r.name === 'user'));
    assert.equal(traits['JupyterHub']!['authenticator_class'], 'shared-password');
  });
});

describe('the JupyterHub data-path check', () => {
  it('lists users through the proxy with the validate service\'s token from its Secret, which the hub reads from the same Secret', () => {
    const platform = platformFor();
    const check = platform.components.get('jupyterhub')!.build.checks.find((c) => c.id === 'jupyterhub.users')!;
    assert.equal(check.group, 'data');
    assert.deepEqual(check.probe, {
      type: 'http',
      endpoint: { namespace: 'datalyptica-analytics', service: 'jupyterhub', port: 8000 },
      path: '/hub/api/users',
      expectBody: '[',
      bearer: { namespace: 'datalyptica-analytics', name: 'jupyterhub-validate', key: 'token' },
    });
    const hubEnv = at(findObject(objectsOf(platform, 'jupyterhub'), 'Deployment', 'jupyterhub-hub'), 'spec.template.spec.containers.0.env') as { name: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
    assert.deepEqual(hubEnv.find((e) => e.name === 'JUPYTERHUB_VALIDATE_TOKEN')?.valueFrom?.secretKeyRef, { name: 'jupyterhub-validate', key: 'token' });
  });
});
