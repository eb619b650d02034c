import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { BUNDLE_FILE, renderTree } from '../../src/render/kustomize-tree.ts';
import { writeTree } from '../../src/render/write-tree.ts';
import { kubectlKustomize } from '../support/kubectl.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';
import { tempDir } from '../support/temp.ts';

function docs(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null);
}

function identity(o: Record<string, unknown>): string {
  const m = o['metadata'] as { name: string; namespace?: string };
  return `${String(o['apiVersion'])}|${String(o['kind'])}|${m.namespace ?? ''}|${m.name}`;
}

function byIdentity(list: Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  return new Map(list.map((o) => [identity(o), o]));
}

describe('the Kustomize tree', () => {
  it('is byte-identical across renders of the same config', () => {
    const a = renderTree(platformFor());
    const b = renderTree(platformFor());
    assert.deepEqual([...a.keys()], [...b.keys()]);
    for (const [path, content] of a) assert.equal(b.get(path), content, path);
  });

  it('places objects under <namespace>/<owner>/ with a kustomization.yaml at every level', () => {
    const tree = renderTree(platformFor());
    assert.ok(tree.has('kustomization.yaml'));
    assert.ok(tree.has(BUNDLE_FILE));
    const dirs = new Set<string>();
    for (const path of tree.keys()) {
      const parts = path.split('/');
      if (parts.length === 3) {
        dirs.add(parts.slice(0, 2).join('/'));
        dirs.add(parts[0]!);
      }
    }
    for (const dir of dirs) assert.ok(tree.has(`${dir}/kustomization.yaml`), `${dir} has no kustomization.yaml`);
    assert.ok(tree.has('datalyptica-catalog/nessie/deployment-nessie.yaml'));
    assert.ok(tree.has('datalyptica-catalog/platform/namespace-datalyptica-catalog.yaml'));
  });

  for (const combination of ALL_COMBINATIONS) {
    const label = `${combination.profile}/${combination.target}/${combination.layout}`;
    it(`builds with kubectl kustomize to exactly the objects of bundle.yaml (${label})`, () => {
      const dir = join(tempDir('dl-tree-'), 'out');
      writeTree(renderTree(platformFor(combination)), dir);
      const fromKustomize = byIdentity(docs(kubectlKustomize(dir)));
      const fromBundle = byIdentity(docs(readFileSync(join(dir, BUNDLE_FILE), 'utf8')));
      assert.deepEqual([...fromKustomize.keys()].sort(), [...fromBundle.keys()].sort());
      for (const [key, object] of fromBundle) assert.deepEqual(fromKustomize.get(key), object, key);
    });
  }

  it('labels every object with the recommended labels and platform=datalyptica', () => {
    for (const { object } of platformFor().objects) {
      const labels = object.metadata.labels ?? {};
      for (const key of ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/version']) {
        assert.ok(labels[key], `${object.kind}/${object.metadata.name} lacks ${key}`);
      }
      assert.equal(labels['platform'], 'datalyptica', `${object.kind}/${object.metadata.name}`);
    }
  });
});

describe('writing the tree', () => {
  it('refuses to replace a folder it did not write', () => {
    // A folder with content and no marker is someone else's.
    const mine = tempDir('dl-mine-');
    writeFileSync(join(mine, 'keep.txt'), 'precious');
    assert.throws(() => writeTree(new Map([['a.txt', 'x']]), mine), /was not written by datalyptica render/);
    assert.equal(readFileSync(join(mine, 'keep.txt'), 'utf8'), 'precious');
  });

  it('replaces its own previous output completely', () => {
    const dir = join(tempDir('dl-again-'), 'out');
    writeTree(new Map([['.datalyptica-render', 'x'], ['old.yaml', 'old']]), dir);
    writeTree(new Map([['.datalyptica-render', 'x'], ['new.yaml', 'new']]), dir);
    assert.equal(existsSync(join(dir, 'old.yaml')), false);
    assert.equal(readFileSync(join(dir, 'new.yaml'), 'utf8'), 'new');
  });
});
