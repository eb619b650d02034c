import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderArgoCd } from '../../src/render/argocd.ts';
import { SchemaValidator } from '../../src/check/schema/validator.ts';
import { platformFor } from '../support/platform.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';

describe('Argo CD applications', () => {
  const platform = platformFor();
  const objects = renderArgoCd(platform, { repoURL: 'https://git.example.com/lake.git', path: 'clusters/prod' });

  it('renders one AppProject and an Application per namespace folder plus the cluster folder', () => {
    assert.equal(objects.filter((o) => o.kind === 'AppProject').length, 1);
    const apps = objects.filter((o) => o.kind === 'Application');
    const folders = new Set(platform.objects.map((p) => p.object.metadata.namespace ?? (p.object.kind === 'Namespace' ? p.object.metadata.name : 'cluster')));
    assert.equal(apps.length, folders.size);
    assert.ok(folders.size > platform.namespaces.length - 1);
    for (const app of apps) {
      const spec = app['spec'] as { source: { path: string }; syncPolicy: { automated: { prune: boolean }; syncOptions: string[] } };
      assert.match(spec.source.path, /^clusters\/prod\//);
      assert.equal(spec.syncPolicy.automated.prune, false, 'a bad commit must not delete data');
      assert.ok(spec.syncPolicy.syncOptions.includes('ServerSideApply=true'));
    }
  });

  it('syncs the system namespace before the component namespaces', () => {
    const wave = (name: string) => Number(objects.find((o) => o.metadata.name === name)?.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
    assert.equal(wave('datalyptica-system'), 0);
    assert.ok(wave('datalyptica-catalog') > 0);
  });

  it('validates against the Argo CD schemas', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const object of objects) assert.deepEqual(validator.validate(object).errors, [], `${object.kind}/${object.metadata.name}`);
  });
});
