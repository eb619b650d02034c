import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect } from '../../src/cluster/connection.ts';
import { isDatalypticaError } from '../../src/errors.ts';
import { writeKubeconfig } from '../support/kubeconfig.ts';

/** The hint of the error connecting to a port nothing listens on. */
async function hintFor(target?: 'openshift' | 'kubernetes'): Promise<string> {
  const kubeconfig = writeKubeconfig('http://127.0.0.1:1', { context: 'nowhere' });
  try {
    await connect({ kubeconfig, probeTimeoutMs: 2000, ...(target ? { target } : {}) });
  } catch (error) {
    assert.ok(isDatalypticaError(error), String(error));
    return error.hint ?? '';
  }
  assert.fail('connected to a port nothing listens on');
}

describe('login hints when the cluster cannot be reached', () => {
  it('name oc login for an OpenShift platform', async () => {
    assert.match(await hintFor('openshift'), /oc login <api-url>/);
  });

  it('do not send a Kubernetes user to oc login', async () => {
    const hint = await hintFor('kubernetes');
    assert.doesNotMatch(hint, /oc login/);
    assert.match(hint, /kubectl config use-context <name>/);
    assert.match(hint, /current context is "nowhere"/);
  });
});
