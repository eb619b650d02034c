import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { cli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

describe('datalyptica schema', () => {
  it('prints the JSON Schema as JSON by default and as YAML with -o yaml, the same document', async () => {
    const json = await cli(['schema']);
    const yaml = await cli(['schema', '-o', 'yaml']);
    assert.equal(json.code + yaml.code, 0, json.stderr + yaml.stderr);
    assert.deepEqual(parse(yaml.stdout), JSON.parse(json.stdout));
  });

  it('writes the schema to --file and says how to point an editor at it', async () => {
    const file = join(tempDir('dl-schema-'), 'datalyptica.schema.json');
    const result = await cli(['schema', '--file', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.ok(JSON.parse(readFileSync(file, 'utf8')).properties);
    assert.match(result.stderr, /yaml-language-server: \$schema=/);
  });

  it('rejects a file name given to -o, naming --file', async () => {
    const result = await cli(['schema', '-o', 'schema.json']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /-o takes an output format \(json\|yaml\), not "schema\.json"/);
    assert.match(result.stderr, /--file schema\.json/);
  });
});
