import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliProcess } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

describe('datalyptica render -o yaml|json and --out-dir', () => {
  it('streams the same bundle the tree holds, and writes no file', () => {
    const dir = tempDir('dl-render-');
    writeFileSync(join(dir, 'datalyptica.yaml'), 'target: kubernetes\nprofile: dev\n');
    const streamed = cliProcess(['render', '-o', 'yaml'], { cwd: dir });
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.match(streamed.stdout, /^apiVersion: /);
    assert.deepEqual(readdirSync(dir), ['datalyptica.yaml'], 'nothing written beside the config');

    const written = cliProcess(['render', '--out-dir', 'out'], { cwd: dir });
    assert.equal(written.code, 0, written.stderr);
    assert.equal(streamed.stdout, readFileSync(join(dir, 'out', 'bundle.yaml'), 'utf8'));
  });

  it('refuses --argocd-repo, whose files cannot go to stdout, instead of dropping them', () => {
    const result = cliProcess(['render', '-o', 'yaml', '--argocd-repo', 'https://git.example.com/platform.git'], { cwd: tempDir('dl-render-') });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /DL_USAGE.*--argocd-repo.*-o yaml/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('prints the bundle as one JSON List with -o json', () => {
    const dir = tempDir('dl-render-');
    writeFileSync(join(dir, 'datalyptica.yaml'), 'target: kubernetes\nprofile: dev\n');
    const result = cliProcess(['render', '-o', 'json'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const list = JSON.parse(result.stdout) as { apiVersion: string; kind: string; items: { kind: string }[] };
    assert.equal(list.kind, 'List');
    assert.ok(list.items.some((o) => o.kind === 'Namespace'));
    assert.deepEqual(readdirSync(dir), ['datalyptica.yaml']);
  });

  for (const [value, hint] of [['out', /--out-dir out/], ['-', /-o yaml/]] as const) {
    it(`rejects -o ${value}, a destination rather than a format, naming the flag meant`, () => {
      const dir = tempDir('dl-render-');
      const result = cliProcess(['render', '-o', value], { cwd: dir });
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`DL_USAGE.*-o takes an output format \\(yaml\\|json\\), not "${value}"`));
      assert.match(result.stderr, hint);
      assert.deepEqual(readdirSync(dir), [], 'a folder was written');
    });
  }

  it('refuses -o with --out-dir instead of silently preferring one', () => {
    const result = cliProcess(['render', '-o', 'yaml', '--out-dir', 'x'], { cwd: tempDir('dl-render-') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /pass one of them/);
  });

  it('names the number of config warnings once and leaves listing them to check', () => {
    const dir = tempDir('dl-render-');
    const result = cliProcess(['render', '--out-dir', 'out'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^\d+ warnings about this config \(dbt, .*\): `datalyptica check` lists them \(DL-COMP-001\)$/m);
    assert.doesNotMatch(result.stderr, /^warning: /m);
  });
});
