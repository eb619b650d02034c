import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runProbe } from '../../../src/cluster/probes/index.ts';
import { JUPYTERHUB_VERSION } from '../../../src/components/jupyterhub/versions.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { startJupyterhub, type LiveJupyterhub } from '../../support/live-jupyterhub.ts';
import { at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { localReach, probeContext } from './fake-cluster.ts';

function rendered(config: UserConfig) {
  const platform = platformFor(config);
  const data = at(findObject(objectsOf(platform, 'jupyterhub'), 'ConfigMap', 'jupyterhub-hub-config'), 'data') as Record<string, string>;
  const check = platform.components.get('jupyterhub')!.build.checks.find((c) => c.id === 'jupyterhub.users')!;
  return { files: { config: data['jupyterhub_config.py']!, settings: data['settings.json']! }, probe: check.probe as Extract<Probe, { type: 'http' }> };
}

describe('the JupyterHub suites\' hub', () => {
  it('is the platform\'s JupyterHub version', () => {
    const requirements = readFileSync(join(import.meta.dirname, '..', '..', 'support', 'jupyterhub-requirements.txt'), 'utf8');
    assert.match(requirements, new RegExp(`^jupyterhub==${JUPYTERHUB_VERSION.replaceAll('.', '\\.')}$`, 'm'));
  });
});

for (const [title, config] of [
  ['with the realm login (OAuthenticator, token refresh and the auth-state roles)', {}],
  ['with JupyterHub\'s own shared-password login', { components: { keycloak: { enabled: false } } }],
] as const) {
  const { files, probe } = rendered(config as UserConfig);
  describe(`the real JupyterHub ${JUPYTERHUB_VERSION} with the rendered jupyterhub_config.py, ${title}`, () => {
    let hub: LiveJupyterhub | { skip: string } = { skip: 'not started' };
    before(async () => {
      hub = await startJupyterhub(files);
    });
    after(async () => {
      if (!('skip' in hub)) await hub.stop();
    });
    const ctx = (token: string) => {
      const live = hub as LiveJupyterhub;
      return probeContext({ reach: localReach({ [`${probe.endpoint.service}.${probe.endpoint.namespace}:${probe.endpoint.port}`]: live.port }), secrets: { [`${probe.bearer!.namespace}/${probe.bearer!.name}/${probe.bearer!.key}`]: token } });
    };

    it('starts with the rendered roles and services, and answers the data-path check for the validate service\'s token', async (t) => {
      if ('skip' in hub) return t.skip(hub.skip);
      assert.match(await runProbe(probe, ctx(hub.env['JUPYTERHUB_VALIDATE_TOKEN']!)), /GET http:\/\/.*\/hub\/api\/users → 200 with "\["/);
      // traitlets only warns about a trait the class does not have: every rendered one must be known.
      assert.doesNotMatch(hub.log(), /not recognized|Unrecognized/i);
    });

    it('refuses the check with another token', async (t) => {
      if ('skip' in hub) return t.skip(hub.skip);
      await assert.rejects(runProbe(probe, ctx('not-a-token-the-hub-knows')), /answered 403/);
    });

    it('gives the validate service no more than user names (no server or auth state access)', async (t) => {
      if ('skip' in hub) return t.skip(hub.skip);
      const answer = await fetch(`http://127.0.0.1:${hub.port}/hub/api/users/admin`, { headers: { authorization: `Bearer ${hub.env['JUPYTERHUB_VALIDATE_TOKEN']}` } });
      const body = (await answer.json()) as Record<string, unknown>;
      assert.ok(answer.status === 200 || answer.status === 404, `status ${answer.status}`);
      assert.equal(body['auth_state'], undefined);
      assert.equal(body['servers'], undefined);
    });
  });
}
