import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { configJsonSchema } from '../../src/config/json-schema.ts';
import { starterConfig } from '../../src/config/starter.ts';
import { parse } from 'yaml';

describe('config JSON Schema', () => {
  const schema = configJsonSchema();
  const ajv = new Ajv({ strict: false, allErrors: true });
  const { $schema: _drop, ...compilable } = schema;
  const validate = ajv.compile(compilable);

  it('describes every top-level key of the config', () => {
    const properties = Object.keys((schema['properties'] ?? {}) as object);
    for (const key of ['target', 'profile', 'layout', 'namePrefix', 'domain', 'storage', 'objectStorage', 'images', 'components']) {
      assert.ok(properties.includes(key), `missing ${key}`);
    }
  });

  it('accepts the starter file and rejects unknown keys, as the loader does', () => {
    const starter = parse(starterConfig({ target: 'kubernetes', profile: 'dev', layout: 'layered', domain: 'apps.example.com' }));
    assert.equal(validate(starter), true, JSON.stringify(validate.errors));
    assert.equal(validate({ profle: 'dev' }), false);
    assert.equal(validate({ components: { nessie: { replicas: 'three' } } }), false);
  });
});
