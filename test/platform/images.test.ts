import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImage, resolveImage } from '../../src/platform/images.ts';

describe('image references', () => {
  it('splits registry, path and tag', () => {
    assert.deepEqual(parseImage('ghcr.io/projectnessie/nessie:0.107.9'), { registry: 'ghcr.io', path: 'projectnessie/nessie', tag: '0.107.9' });
    assert.deepEqual(parseImage('bitnami/redis:7'), { path: 'bitnami/redis', tag: '7' });
    assert.deepEqual(parseImage('localhost:5000/x:1'), { registry: 'localhost:5000', path: 'x', tag: '1' });
  });

  it('swaps the registry for a mirror and keeps the pinned tag', () => {
    assert.equal(resolveImage('ghcr.io/projectnessie/nessie:0.107.9', { registry: 'mirror.local/dl' }, false), 'mirror.local/dl/projectnessie/nessie:0.107.9');
  });

  it('applies version and image overrides to the main image only', () => {
    assert.equal(resolveImage('ghcr.io/a/b:1', { version: '2' }, true), 'ghcr.io/a/b:2');
    assert.equal(resolveImage('ghcr.io/a/b:1', { version: '2' }, false), 'ghcr.io/a/b:1');
    assert.equal(resolveImage('ghcr.io/a/b:1', { image: 'my/own:3' }, true), 'my/own:3');
  });
});
