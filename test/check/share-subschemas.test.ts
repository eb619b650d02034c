import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { prepareSchema, shareRepeatedSubschemas } from '../../src/check/schema/prepare.ts';

const container = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9-]+$' },
    image: { type: 'string', description: 'x'.repeat(300) },
    resources: { type: 'object', properties: { limits: { type: 'object', additionalProperties: { type: 'string' } } } },
  },
};
const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        containers: { type: 'array', items: container, minItems: 1 },
        initContainers: { type: 'array', items: container },
        ephemeral: { type: 'array', items: container, maxItems: 3 },
        defaults: { type: 'object', default: container },
      },
    },
  },
};

const samples = [
  { spec: { containers: [{ name: 'ok', image: 'a' }], initContainers: [{ name: 'init' }] } },
  { spec: { containers: [{ name: 'Bad!', extra: 1 }], initContainers: [{}] } },
  { spec: { ephemeral: [{ name: 'e', resources: { limits: { cpu: 1 } } }] } },
];

describe('sharing repeated subschemas', () => {
  it('moves a subschema repeated in schema positions into $defs once and references it', () => {
    const shared = shareRepeatedSubschemas(structuredClone(schema));
    const defs = shared['$defs'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(defs), ['shared0']);
    assert.deepEqual(defs['shared0'], container);
    const spec = (shared['properties'] as Record<string, { properties: Record<string, Record<string, unknown>> }>)['spec']!;
    for (const list of ['containers', 'initContainers', 'ephemeral']) assert.deepEqual(spec.properties[list]!['items'], { $ref: '#/$defs/shared0' });
    assert.deepEqual(spec.properties['defaults']!['default'], container, 'a default value is data, never a reference');
  });

  it('accepts and rejects exactly what the original schema does, with the same error locations', () => {
    const plain = new Ajv({ allErrors: true, strict: false }).compile(structuredClone(schema));
    const shared = new Ajv({ allErrors: true, strict: false, inlineRefs: false }).compile(prepareSchema(structuredClone(schema)) as object);
    for (const data of samples) {
      assert.equal(shared(data), plain(data));
      const where = (errors: typeof plain.errors) => (errors ?? []).map((e) => `${e.instancePath} ${e.message}`).sort();
      assert.deepEqual(where(shared.errors), where(plain.errors));
    }
    assert.equal(plain(samples[1]), false, 'the samples include a rejected object');
  });

  it('leaves a schema without large repeats as it was', () => {
    const small = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
    assert.deepEqual(shareRepeatedSubschemas(structuredClone(small)), small);
  });

  it('shrinks the largest schema of the shared set and keeps its root-relative references working', () => {
    const file = join(import.meta.dirname, '../../../shared/schemas/kubernetes/customresourcedefinition-apiextensions-v1.json');
    const original = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const prepared = prepareSchema(structuredClone(original)) as Record<string, unknown>;
    const validate = new Ajv({ allErrors: true, strict: false, inlineRefs: false }).compile(prepared);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
      },
    };
    assert.equal(validate(crd), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...crd, spec: { ...crd.spec, scope: 7 } }), false);
  });
});
