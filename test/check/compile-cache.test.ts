import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { CompileCache } from '../../src/check/schema/compile-cache.ts';
import { tempDir } from '../support/temp.ts';

const schemaText = JSON.stringify({
  type: 'object',
  additionalProperties: false,
  properties: { replicas: { type: 'integer', minimum: 1 }, name: { type: 'string', pattern: '^[a-z]+$' } },
  required: ['name'],
});

function compileWith(cache: CompileCache) {
  const ajv = new Ajv({ allErrors: true, code: { source: true } });
  let compiled = 0;
  const validate = cache.get(ajv, schemaText, () => {
    compiled++;
    return ajv.compile(JSON.parse(schemaText) as object);
  });
  return { validate, compiled };
}

describe('the schema compile cache', () => {
  it('compiles once, then loads the same validator from disk in a fresh cache', () => {
    const dir = tempDir('dl-cache-');
    const first = compileWith(new CompileCache(dir));
    assert.equal(first.compiled, 1);
    assert.equal(readdirSync(dir).length, 1);
    const second = compileWith(new CompileCache(dir));
    assert.equal(second.compiled, 0, 'served from disk');
    for (const data of [{ name: 'ok', replicas: 2 }, { name: 'Bad', replicas: 0, extra: 1 }, {}]) {
      assert.equal(second.validate(data), first.validate(data));
      assert.deepEqual(second.validate.errors, first.validate.errors);
    }
  });

  it('recompiles over a corrupt cache file instead of failing', () => {
    const dir = tempDir('dl-cache-');
    compileWith(new CompileCache(dir));
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file!), 'module.exports = (');
    const again = compileWith(new CompileCache(dir));
    assert.equal(again.compiled, 1);
    assert.equal(again.validate({ name: 'ok' }), true);
  });

  it('writes the V8 code cache when the process ends, after the validator has run, and not before', () => {
    const dir = tempDir('dl-cache-');
    compileWith(new CompileCache(dir));
    const loaded = compileWith(new CompileCache(dir));
    assert.equal(loaded.validate({ name: 'ok' }), true);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.v8')), [], 'nothing is written while the process runs');
    // A second process loads the validator, runs it and exits: its exit writes the code cache.
    const script = [
      `import { Ajv } from 'ajv';`,
      `import { CompileCache } from ${JSON.stringify(new URL('../../src/check/schema/compile-cache.ts', import.meta.url).pathname)};`,
      `const ajv = new Ajv({ allErrors: true, code: { source: true } });`,
      `const v = new CompileCache(${JSON.stringify(dir)}).get(ajv, ${JSON.stringify(schemaText)}, () => { throw new Error('compiled'); });`,
      `if (v({ name: 'ok' }) !== true) process.exit(3);`,
    ].join('\n');
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' });
    const caches = readdirSync(dir).filter((f) => f.endsWith('.v8'));
    assert.equal(caches.length, 1);
    assert.match(caches[0]!, new RegExp(`\\.${process.versions.v8.replace(/\./g, '\\.')}\\.v8$`), 'named after the V8 version');
  });

  it('compiles every time when caching is off', () => {
    assert.equal(compileWith(new CompileCache(undefined)).compiled, 1);
  });
});
