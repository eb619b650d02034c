import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';

const validator = new SchemaValidator({ dirs: [join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'schemas')] });

/**
 * Kinds of rendered objects, leaving out ServiceAccount token Secrets with no data: the token
 * controller fills them in the cluster (Grafana's datasource token), so they carry no value.
 */
const renderedKinds = (platform: ReturnType<typeof platformFor>) =>
  platform.objects
    .map((p) => p.object)
    .filter((o) => !(o.kind === 'Secret' && o['type'] === 'kubernetes.io/service-account-token' && o['data'] === undefined && o['stringData'] === undefined))
    .map((o) => o.kind);

describe('secrets backends in the render', () => {
  it('renders no Secret with values and no ExternalSecret in files mode', () => {
    const kinds = renderedKinds(platformFor({}));
    assert.ok(!kinds.includes('Secret') && !kinds.includes('ExternalSecret'));
  });

  it('renders no SealedSecret in sealed-secrets mode (sealing is offline, outside render)', () => {
    const kinds = renderedKinds(platformFor({ secrets: { mode: 'sealed-secrets' } }));
    assert.ok(!kinds.includes('SealedSecret') && !kinds.includes('Secret'));
  });

  for (const combination of ALL_COMBINATIONS) {
    it(`renders a valid ExternalSecret per generated Secret in ${combination.profile} ${combination.target} ${combination.layout}`, () => {
      const platform = platformFor({ ...combination, secrets: { mode: 'external-secrets', store: 'vault' } });
      const generated = new Set(platform.secrets.filter((s) => s.source === 'generated').map((s) => `${s.namespace}/${s.name}`));
      const external = platform.objects.filter((p) => p.object.kind === 'ExternalSecret').map((p) => p.object);
      assert.deepEqual(new Set(external.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)), generated);
      for (const object of external) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.metadata.name}: ${JSON.stringify(result.errors)}`);
        const spec = object['spec'] as { secretStoreRef: { kind: string; name: string }; data: { remoteRef: { key: string } }[] };
        assert.deepEqual(spec.secretStoreRef, { kind: 'ClusterSecretStore', name: 'vault' });
        assert.ok(spec.data.every((d) => d.remoteRef.key === `${object.metadata.namespace}/${object.metadata.name}`));
      }
    });
  }

  it('refuses external-secrets mode without a store', () => {
    assert.throws(() => platformFor({ secrets: { mode: 'external-secrets' } }), /secrets.store is not set/);
  });
});
