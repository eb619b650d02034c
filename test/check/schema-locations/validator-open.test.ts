import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { tempDir } from '../../support/temp.ts';

const SHARED = SCHEMA_DIRS[0]!;
const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } } as unknown as KubeObject;
const BAD_SERVICE = { ...SERVICE, spec: { ports: [{ port: 'eighty' }], colour: 'blue' } } as unknown as KubeObject;

describe('SchemaValidator over kubeconform locations', () => {
  it('validates through local path templates in the shared layout, CRD template first', async () => {
    const validator = await SchemaValidator.open({
      locations: [`${SHARED}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`, `${SHARED}/kubernetes/{{ .ResourceKind }}{{ .KindSuffix }}.json`],
      kinds: [{ apiVersion: 'v1', kind: 'Service' }],
      cacheDir: tempDir('dl-open-'),
    });
    assert.equal(validator.validate(SERVICE).status, 'valid');
    const bad = validator.validate(BAD_SERVICE);
    assert.equal(bad.status, 'invalid');
    assert.ok(bad.errors.some((e) => e.message === 'unknown field "colour"'), JSON.stringify(bad.errors));
  });

  it('reports a kind no location has as noschema, and one behind an unreachable URL as unavailable', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const validator = await SchemaValidator.open({
      locations: [tempDir('dl-open-empty-'), 'https://down.test/{{.ResourceKind}}.json'],
      kinds: [{ apiVersion: 'v1', kind: 'Service' }],
      cacheDir: tempDir('dl-open-'),
      fetch: refused,
    });
    const result = validator.validate(SERVICE);
    assert.equal(result.status, 'unavailable');
    assert.deepEqual(result.unreachable, ['https://down.test/service.json (ECONNREFUSED)']);
    const offlineFree = await SchemaValidator.open({ locations: [tempDir('dl-open-empty-')], kinds: [], cacheDir: tempDir('dl-open-') });
    assert.equal(offlineFree.validate(SERVICE).status, 'noschema');
  });
});
