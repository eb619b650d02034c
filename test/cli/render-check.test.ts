import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, cliProcess } from '../support/cli.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { tempDir } from '../support/temp.ts';

function freshDir(): string {
  return tempDir('dl-cli-');
}

describe('datalyptica init → render → check', () => {
  it('takes a fresh folder from nothing to a checked platform', async () => {
    const dir = freshDir();
    const file = join(dir, 'datalyptica.yaml');
    const init = await cli(['init', '-f', file, '--profile', 'dev', '--target', 'kubernetes']);
    assert.equal(init.code, 0, init.stderr);
    assert.match(readFileSync(file, 'utf8'), /profile: dev/);
    assert.ok(existsSync(join(dir, 'datalyptica.schema.json')));

    const out = join(dir, 'out');
    const render = await cli(['render', '-c', file, '--out-dir', out]);
    assert.equal(render.code, 0, render.stderr);
    assert.ok(existsSync(join(out, 'bundle.yaml')));
    assert.ok(existsSync(join(out, 'kustomization.yaml')));

    const check = await cli(['check', '-c', file, '--schemas', ...SCHEMA_DIRS]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /objects checked: 0 errors/);
  });

  it('refuses to overwrite an existing config unless forced', async () => {
    const dir = freshDir();
    const file = join(dir, 'datalyptica.yaml');
    writeFileSync(file, 'profile: dev\n');
    const again = await cli(['init', '-f', file]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    assert.match(again.stderr, /--force/);
    assert.equal(readFileSync(file, 'utf8'), 'profile: dev\n');
  });

  it('prints the bundle on stdout with -o yaml', async () => {
    const result = await cli(['render', '-o', 'yaml']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^apiVersion: /m);
    assert.match(result.stdout, /^---$/m);
  });

  it('fails check with one line per failure and exit 1 when an object breaks its schema', async () => {
    const dir = freshDir();
    const file = join(dir, 'c.yaml');
    // A replica count the schema accepts but a schema dir that lacks every kind: all NOSCHEMA.
    writeFileSync(file, 'profile: dev\n');
    const empty = freshDir();
    const result = await cli(['check', '-c', file, '--schemas', empty]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^FAIL DL-SCHEMA-002 Namespace\/datalyptica-catalog: no schema for v1 Namespace/m);
  });

  it('prints each config warning once in the README\'s first command (render, then check)', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const first = readme.split('\n')[1]!;
    assert.match(first, /datalyptica render --out-dir out && npx datalyptica check --schemas /, 'the README\'s first command changed: update this test');
    const render = await cli(['render', '--out-dir', join(freshDir(), 'out')]);
    const check = await cli(['check', '--schemas', ...SCHEMA_DIRS]);
    assert.equal(render.code + check.code, 0, render.stderr + check.stderr);
    const warnings = [...check.stdout.matchAll(/^WARN DL-COMP-001 platform: (.*)$/gm)].map((m) => m[1]!);
    assert.ok(warnings.length > 0, 'the default platform has config warnings to count');
    const printed = render.stdout + render.stderr + check.stdout + check.stderr;
    for (const warning of warnings) assert.equal(printed.split(warning).length - 1, 1, `printed more than once: ${warning}`);
    assert.match(render.stderr, new RegExp(`^${warnings.length} warnings about this config \\(.*\\): \`datalyptica check\` lists them`, 'm'));
    assert.doesNotMatch(printed, /\b(\w+): \1: /, 'a warning names its component twice');
  });

  it('emits machine-readable JSON with -o json', async () => {
    const result = await cli(['check', '--schemas', ...SCHEMA_DIRS, '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; objects: number; counts: { error: number } };
    assert.ok(report.objects > 100, `the default platform has more than 100 objects, the report says ${report.objects}`);
    assert.equal(report.counts.error, 0);
    assert.equal(report.ok, true);
  });

  it('reports bad config as one clear error with the field path and no stack trace', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'datalyptica.yaml'), 'components:\n  nessie:\n    replicas: three\nprofle: dev\n');
    const result = cliProcess(['render', '--out-dir', join(dir, 'out')], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error \[DL_CONFIG_INVALID\]: datalyptica\.yaml is not a valid Datalyptica config \(2 problems\)/);
    assert.match(result.stderr, /components\.nessie\.replicas: expected an integer ≥ 1, got "three"/);
    assert.match(result.stderr, /profle: unknown key; did you mean "profile"\?/);
    assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/);
    assert.equal(existsSync(join(dir, 'out')), false, 'nothing half-written');
  });

  it('names a missing schema folder', async () => {
    const result = await cli(['check', '--schemas', '/nonexistent/schemas']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /schema folder \/nonexistent\/schemas does not exist/);
  });

  it('prints the config JSON Schema', async () => {
    const result = await cli(['schema']);
    assert.equal(result.code, 0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    assert.ok(schema.properties['components']);
  });
});
