import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessReadiness } from '../../src/kinds/index.ts';
import type { KubeObject } from '../../src/model/kube.ts';

const realmImport = (conditions: { type: string; status: string; message?: string }[]): KubeObject => ({ apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'KeycloakRealmImport', metadata: { name: 'realm', namespace: 'iam', generation: 1 }, status: { conditions } });

describe('KeycloakRealmImport readiness (the operator writes Started, Done and HasErrors, never Ready)', () => {
  it('is ready once Done is True', () => {
    assert.equal(assessReadiness(realmImport([{ type: 'Done', status: 'True' }, { type: 'Started', status: 'False' }, { type: 'HasErrors', status: 'False' }]), {}).state, 'ready');
  });

  it('is progressing while the import Job runs, and before any condition', () => {
    assert.equal(assessReadiness(realmImport([{ type: 'Done', status: 'False' }, { type: 'Started', status: 'True' }, { type: 'HasErrors', status: 'False' }]), {}).state, 'progressing');
    assert.match(assessReadiness(realmImport([]), {}).reason, /Done/);
  });

  it('fails with the operator\'s message when HasErrors is True', () => {
    const verdict = assessReadiness(realmImport([{ type: 'Done', status: 'False' }, { type: 'HasErrors', status: 'True', message: 'Import job failed' }]), {});
    assert.equal(verdict.state, 'failed');
    assert.match(verdict.reason, /Import job failed/);
  });
});
