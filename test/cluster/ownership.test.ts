import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CREATED_BY_ANNOTATION, ownedBy, withOwnership } from '../../src/cluster/ownership.ts';
import type { KubeObject } from '../../src/model/kube.ts';

describe('ownership marks', () => {
  it('marks an object as ours only when it does not exist yet or carries our mark already', () => {
    const rendered: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lake', labels: { 'app.kubernetes.io/managed-by': 'datalyptica' } } };
    const created = withOwnership(rendered, undefined, 'datalyptica');
    assert.equal(created.metadata.annotations?.[CREATED_BY_ANNOTATION], 'datalyptica');
    assert.equal(ownedBy(created, 'datalyptica'), true);
    assert.equal(ownedBy(created, 'other-instance'), false);
    const theirs: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lake' } };
    assert.deepEqual(withOwnership(rendered, theirs, 'datalyptica'), rendered, 'a pre-existing namespace only gets the rendered labels');
    assert.equal(ownedBy({ ...theirs, metadata: { ...theirs.metadata, labels: rendered.metadata.labels! } }, 'datalyptica'), false, 'our labels alone do not make it ours');
    assert.equal(withOwnership(rendered, created, 'datalyptica').metadata.annotations?.[CREATED_BY_ANNOTATION], 'datalyptica', 'kept on re-apply');
  });
});

// Uninstall leaving what deploy did not create, on the real API server: test/real-apiserver/ownership.test.ts.
