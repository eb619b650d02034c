import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';

const validator = new SchemaValidator({ dirs: [join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'schemas')] });
/** The shared set plus the project's own schemas (PushSecret is not in the shared set). */
const projectValidator = new SchemaValidator({ dirs: SCHEMA_DIRS });

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
      const copies = new Set(platform.secrets.filter((s) => s.source === 'copy').map((s) => `${s.namespace}/${s.name}`));
      const all = platform.objects.filter((p) => p.object.kind === 'ExternalSecret').map((p) => p.object);
      const external = all.filter((o) => o.metadata.annotations?.['datalyptica.io/copied-from'] === undefined);
      assert.deepEqual(new Set(external.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)), generated);
      // Every copy is an ExternalSecret too, owned by (and so synced with) a component that reads it.
      const copied = platform.objects.filter((p) => p.object.kind === 'ExternalSecret' && p.object.metadata.annotations?.['datalyptica.io/copied-from'] !== undefined);
      assert.deepEqual(new Set(copied.map((p) => `${p.object.metadata.namespace}/${p.object.metadata.name}`)), copies);
      for (const { object, owner } of copied) {
        const requirement = platform.secrets.find((s) => s.namespace === object.metadata.namespace && s.name === object.metadata.name)!;
        assert.ok((requirement.consumers as readonly string[]).includes(owner), `${object.metadata.name} is owned by ${owner}`);
      }
      // A source that is not already in the store is pushed there from its own namespace.
      const pushed = platform.objects.filter((p) => p.object.kind === 'PushSecret').map((p) => p.object);
      for (const copy of platform.secrets.filter((s) => s.source === 'copy')) {
        const from = copy.copyFrom!;
        if (generated.has(`${from.namespace}/${from.name}`)) continue;
        assert.ok(pushed.some((o) => o.metadata.namespace === from.namespace && o.metadata.name === from.name), `${from.namespace}/${from.name} is pushed`);
      }
      for (const object of pushed) {
        const result = projectValidator.validate(object);
        assert.equal(result.status, 'valid', `PushSecret ${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
      for (const object of copied.map((p) => p.object)) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
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
