import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import * as datalyptica from 'datalyptica';

const root = resolve(import.meta.dirname, '..');

describe('the datalyptica package', () => {
  it('exports the built JavaScript, the TypeScript source under the "source" condition, and declarations', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, Record<string, string>> };
    assert.equal(manifest.name, 'datalyptica');
    const main = manifest.exports['.'];
    assert.deepEqual(Object.keys(main ?? {}), ['source', 'types', 'default'], 'condition order: the first match wins');
    // dist/ is built by `prepare` (npm ci) and by scripts/run-tests.mjs; types/ only by `prepack` (the pack test checks it).
    for (const condition of ['source', 'default']) {
      const file = main?.[condition] ?? '';
      assert.ok(existsSync(join(root, file)), `${condition} -> ${file}`);
    }
    assert.match(main?.default ?? '', /^\.\/dist\/.*\.mjs$/);
    assert.match(main?.types ?? '', /^\.\/types\/.*\.d\.ts$/);
  });

  it('renders and checks a platform through its public API, imported by the package name', () => {
    const config = datalyptica.resolveConfig({ profile: 'dev', target: 'kubernetes' });
    const platform = datalyptica.assemblePlatform(config);
    const files = datalyptica.renderTree(platform);
    assert.match(files.get(datalyptica.BUNDLE_FILE) ?? '', /kind: Deployment/);
    const report = datalyptica.runChecks(platform);
    assert.ok(Array.isArray(report.findings));
    assert.equal(datalyptica.buildDeployGraph(platform).steps.length > 0, true);
  });

  it('exports the cluster operations and the config loader', () => {
    for (const name of ['loadConfig', 'parseConfigText', 'configJsonSchema', 'connect', 'deployPlatform', 'diffPlatform', 'platformStatus', 'validatePlatform', 'planUninstall', 'runUninstall', 'generateSecrets', 'sealGeneratedSecrets'] as const) {
      assert.equal(typeof datalyptica[name], 'function', name);
    }
    assert.ok(datalyptica.COMPONENTS.some((d) => d.name === 'trino'));
  });
});
