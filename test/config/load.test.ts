import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, parseConfigText, resolveConfig } from '../../src/config/load.ts';
import { DatalypticaError, ErrorCode } from '../../src/errors.ts';
import { tempDir } from '../support/temp.ts';

function configError(fn: () => unknown): DatalypticaError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DatalypticaError, `expected a DatalypticaError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the config to be rejected');
}

describe('config loading', () => {
  it('uses the production OpenShift functional platform when nothing is given', () => {
    const config = resolveConfig(undefined);
    assert.equal(config.target, 'openshift');
    assert.equal(config.profile, 'production');
    assert.equal(config.layout, 'functional');
    assert.equal(config.namePrefix, 'datalyptica');
    assert.equal(config.objectStorage.mode, 'external');
    assert.equal(config.objectStorage.buckets.warehouse, 'datalyptica-warehouse');
    assert.equal(config.storage.create, false);
  });

  it('reports a wrong type with the field path, the expectation and the value given', () => {
    const error = configError(() => resolveConfig({ components: { nessie: { replicas: 'three' } } }));
    assert.equal(error.code, ErrorCode.ConfigInvalid);
    assert.deepEqual(error.details, ['components.nessie.replicas: expected an integer ≥ 1, got "three"']);
  });

  it('reports every invalid field at once', () => {
    const error = configError(() => resolveConfig({ profile: 'huge', target: 'aks', components: { nessie: { replicas: 0 } } }));
    assert.equal(error.details.length, 3);
    assert.ok(error.details.some((d) => d.startsWith('profile: expected one of "dev", "small", "production"')));
    assert.ok(error.details.some((d) => d.startsWith('target: expected one of "openshift", "kubernetes"')));
    assert.ok(error.details.some((d) => d.startsWith('components.nessie.replicas: expected an integer ≥ 1, got 0')));
  });

  it('rejects unknown keys with a did-you-mean', () => {
    const error = configError(() => resolveConfig({ profle: 'dev', components: { nesie: {} } }));
    assert.ok(error.details.includes('profle: unknown key; did you mean "profile"?'), error.details.join('\n'));
    assert.ok(error.details.includes('components.nesie: unknown key; did you mean "nessie"?'), error.details.join('\n'));
  });

  it('lists the allowed keys when nothing is close', () => {
    const error = configError(() => resolveConfig({ objectStorage: { zzzzzzzz: 1 } }));
    assert.match(error.details[0] ?? '', /^objectStorage\.zzzzzzzz: unknown key; expected one of "mode", "endpoint"/);
  });

  it('rejects malformed quantities and URLs by path', () => {
    const error = configError(() =>
      resolveConfig({ objectStorage: { endpoint: 'not a url' }, components: { nessie: { resources: { limits: { memory: 'lots' } } } } }),
    );
    assert.ok(error.details.some((d) => d.startsWith('objectStorage.endpoint: expected a URL')));
    assert.ok(error.details.some((d) => d.startsWith('components.nessie.resources.limits.memory: expected a Kubernetes quantity')));
  });

  it('reads YAML 1.1 booleans the way kubectl does', () => {
    const config = parseConfigText('storage:\n  create: yes\nobjectStorage:\n  pathStyle: off\n');
    assert.equal(config.storage.create, true);
    assert.equal(config.objectStorage.pathStyle, false);
  });

  it('reports YAML syntax errors as a config syntax error naming the file', () => {
    const error = configError(() => parseConfigText('profile: [dev\n', 'my.yaml'));
    assert.equal(error.code, ErrorCode.ConfigSyntax);
    assert.match(error.message, /my\.yaml is not valid YAML/);
  });

  it('rejects duplicate keys instead of silently keeping the last', () => {
    const error = configError(() => parseConfigText('profile: dev\nprofile: small\n'));
    assert.equal(error.code, ErrorCode.ConfigSyntax);
  });

  it('treats an empty file as the default platform', () => {
    assert.equal(parseConfigText('').profile, 'production');
  });

  it('names the file it cannot read and the command that writes one', () => {
    const dir = tempDir('dl-config-');
    const error = configError(() => loadConfig(join(dir, 'missing.yaml')));
    assert.equal(error.code, ErrorCode.ConfigNotFound);
    assert.match(error.message, /missing\.yaml/);
    assert.match(error.hint ?? '', /datalyptica init/);
  });

  it('loads a file given by path', () => {
    const dir = tempDir('dl-config-');
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'profile: dev\ntarget: kubernetes\nlayout: layered\n');
    const { config, source } = loadConfig(file);
    assert.equal(source, file);
    assert.deepEqual([config.profile, config.target, config.layout], ['dev', 'kubernetes', 'layered']);
  });
});
