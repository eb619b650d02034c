import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ResultStore } from '../../src/check/schema/result-store.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { tempDir } from '../support/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ERRORS = [{ instancePath: '/data', keyword: 'type', params: { type: 'object' }, message: 'must be object' }];

/** `datalyptica check FILE --schemas DIR` from source in its own process, with its own validator cache. */
function check(manifest: string, schemas: string, cache: string): { code: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, 'src', 'cli', 'main.ts'), 'check', manifest, '--schemas', schemas], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DATALYPTICA_SCHEMA_CACHE: cache },
  });
  return { code: result.status, stdout: result.stdout };
}

describe('the store of schema results', () => {
  it('serves a result another store instance wrote, and misses when the schema file, the salt or the object differs', () => {
    const dir = tempDir('dl-results-');
    const schema = join(dir, 'schema.json');
    writeFileSync(schema, '{"type":"object"}');
    const writer = new ResultStore(dir, 'salt');
    const key = writer.keyOf(schema, '{"data":1}')!;
    writer.set(key, ERRORS);
    writer.set(writer.keyOf(schema, '{"data":{}}')!, null);
    writer.flush();

    const reader = new ResultStore(dir, 'salt');
    assert.deepEqual(reader.get(reader.keyOf(schema, '{"data":1}')!), ERRORS);
    assert.equal(reader.get(reader.keyOf(schema, '{"data":{}}')!), null, 'a valid object is stored as null');
    assert.equal(reader.get(reader.keyOf(schema, '{"data":2}')!), undefined);
    assert.equal(new ResultStore(dir, 'other salt').get(new ResultStore(dir, 'other salt').keyOf(schema, '{"data":1}')!), undefined);

    writeFileSync(schema, '{"type":"array"}');
    const afterEdit = new ResultStore(dir, 'salt');
    assert.equal(afterEdit.get(afterEdit.keyOf(schema, '{"data":1}')!), undefined, 'an edited schema file is a new key');
    assert.equal(afterEdit.keyOf(join(dir, 'gone.json'), '{}'), undefined, 'no key for a schema file that cannot be read');
  });

  it('treats an unreadable store file as empty', () => {
    const dir = tempDir('dl-results-');
    const schema = join(dir, 'schema.json');
    writeFileSync(schema, '{}');
    const store = new ResultStore(dir, 'salt');
    const key = store.keyOf(schema, '{}')!;
    store.set(key, null);
    store.flush();
    const [file] = readdirSync(dir).filter((name) => name.startsWith('results'));
    writeFileSync(join(dir, file!), '{"torn');
    const reader = new ResultStore(dir, 'salt');
    assert.equal(reader.get(key), undefined);
  });

  it('makes a second check of the same manifest report its schema errors without running the validator, and a touched schema runs it again', () => {
    const work = tempDir('dl-results-cli-');
    const cache = join(work, 'cache');
    const schemas = join(work, 'schemas');
    mkdirSync(join(schemas, 'kubernetes'), { recursive: true });
    const schemaFile = join(schemas, 'kubernetes', 'configmap-v1.json');
    copyFileSync(join(SCHEMA_DIRS[0]!, 'kubernetes', 'configmap-v1.json'), schemaFile);
    const manifest = join(work, 'cm.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ns\ndata: 7\ncolour: blue\n');

    const first = check(manifest, schemas, cache);
    assert.equal(first.code, 1, first.stdout);
    assert.match(first.stdout, /unknown field "colour"/);
    // Every compiled validator now accepts anything: only a stored result can still report the errors.
    for (const name of readdirSync(cache).filter((n) => n.endsWith('.cjs'))) writeFileSync(join(cache, name), 'module.exports = function validate() { return true; };');
    for (const name of readdirSync(cache).filter((n) => n.endsWith('.v8'))) writeFileSync(join(cache, name), '');
    const second = check(manifest, schemas, cache);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, 1);

    const later = new Date(Date.now() + 60_000);
    utimesSync(schemaFile, later, later);
    const afterTouch = check(manifest, schemas, cache);
    assert.doesNotMatch(afterTouch.stdout, /colour/, 'the touched schema is a new key: the (tampered) validator ran');
  });
});
