import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliProcess } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

describe('datalyptica render -o -', () => {
  it('streams the same bundle the tree holds, and writes no file', () => {
    const dir = tempDir('dl-render-');
    writeFileSync(join(dir, 'datalyptica.yaml'), 'target: kubernetes\nprofile: dev\n');
    const streamed = cliProcess(['render', '-o', '-'], { cwd: dir });
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.match(streamed.stdout, /^apiVersion: /);
    assert.deepEqual(readdirSync(dir), ['datalyptica.yaml'], 'nothing written beside the config');

    const written = cliProcess(['render', '-o', 'out'], { cwd: dir });
    assert.equal(written.code, 0, written.stderr);
    assert.equal(streamed.stdout, readFileSync(join(dir, 'out', 'bundle.yaml'), 'utf8'));
  });

  it('refuses --argocd-repo, whose files cannot go to stdout, instead of dropping them', () => {
    const result = cliProcess(['render', '-o', '-', '--argocd-repo', 'https://git.example.com/platform.git'], { cwd: tempDir('dl-render-') });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /DL_USAGE.*--argocd-repo.*-o -/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
