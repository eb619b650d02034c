import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifests } from '../../../src/check/manifests/load.ts';
import { DatalypticaError } from '../../../src/errors.ts';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  when: 2024-01-01\n  mode: 0o14\n`;

describe('reading manifests', () => {
  it('reads every document with the YAML 1.2 core schema: dates stay strings, octal is a number', () => {
    const objects = parseManifests(`${configMap('a')}---\n---\n${configMap('b')}`, 'm.yaml');
    assert.deepEqual(objects.map((o) => o.source), ['m.yaml#1', 'm.yaml#3']);
    assert.deepEqual(objects[0]!.object['data'], { when: '2024-01-01', mode: 12 });
  });

  it('reads anchors and aliases that expand modestly', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l {app: x}\n  annotations: *l\n';
    assert.deepEqual(parseManifests(text, 'a.yaml')[0]!.object.metadata, { name: 'a', labels: { app: 'x' }, annotations: { app: 'x' } });
  });

  it('refuses an alias bomb with an error naming the file instead of expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${levels.join('\n  ')}\n`;
    assert.throws(() => parseManifests(text, 'bomb.yaml'), (error: unknown) => error instanceof DatalypticaError && /^bomb\.yaml: /.test(error.message));
  });

  it('names the line and column of a syntax error, with a caret under it', () => {
    assert.throws(
      () => parseManifests('apiVersion: v1\nkind: [ConfigMap\n', 'bad.yaml'),
      (error: unknown) => error instanceof DatalypticaError && /^bad\.yaml:\d+:\d+: /.test(error.message) && error.details.some((d) => d.trim() === '^'),
    );
  });
});
