import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliProcess } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';

const root = tempDir('dl-clear-errors-');
after(() => rmSync(root, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the executable and returns its stderr, asserting a failure without a stack trace or DL_INTERNAL. */
function failsClearly(args: readonly string[], code: RegExp): string {
  const result = cliProcess(args, { cwd: root });
  assert.notEqual(result.code, 0, `expected a failure; stdout:\n${result.stdout}`);
  assert.doesNotMatch(result.stderr, /DL_INTERNAL|this is a bug|\n\s+at /, result.stderr);
  assert.match(result.stderr, code);
  return result.stderr;
}

describe('user mistakes get a clear error naming the file or field', () => {
  it('refuses a YAML alias bomb as an expansion limit, not as an internal error', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const previous = String.fromCharCode('a'.charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const path = file('bomb.yaml', `${levels.join('\n')}\n`);
    const stderr = failsClearly(['check', '-c', path], /DL_CONFIG_SYNTAX/);
    assert.match(stderr, /bomb\.yaml: its YAML aliases expand/);
  });

  it('names an alias that refers to no anchor', () => {
    const stderr = failsClearly(['check', '-c', file('undefined-alias.yaml', 'namePrefix: *lake\n')], /DL_CONFIG_SYNTAX/);
    assert.match(stderr, /alias \*lake refers to no anchor &lake/);
  });

  it('accepts a legitimate file that reuses one block through 150 aliases', () => {
    const zones = Array.from({ length: 150 }, () => '  - *zone').join('\n');
    const path = file('reused-block.yaml', `x-zone: &zone zone-a\nzones:\n${zones}\n`);
    const result = cliProcess(['check', '-c', path, '--skip-schemas'], { cwd: root });
    assert.doesNotMatch(result.stderr, /alias|exhaustion|DL_INTERNAL/, result.stderr);
  });

  it('shows the offending line of a YAML syntax error with a caret under the column', () => {
    const stderr = failsClearly(['check', '-c', file('syntax.yaml', 'profile: dev\ncomponents: [a\n  b: 1\n')], /DL_CONFIG_SYNTAX/);
    assert.match(stderr, /at line 2, column 14\n {2}2 \| components: \[a\n {19}\^\n/);
    assert.doesNotMatch(stderr, /column \d+:\n/, 'no dangling colon');
  });

  it('says a -c that is a directory is a directory', () => {
    const dir = join(root, 'a-folder');
    mkdirSync(dir, { recursive: true });
    const stderr = failsClearly(['check', '-c', dir], /DL_CONFIG_NOT_FOUND/);
    assert.match(stderr, /a-folder: it is a directory, not a file/);
  });

  it('refuses -o pointing at a file or /dev/null, naming it, and leaves the file alone', () => {
    const target = file('not-a-folder', 'keep me\n');
    assert.match(failsClearly(['render', '--out-dir', target], /DL_OUTPUT_EXISTS/), /not-a-folder is a file, not a folder/);
    assert.match(failsClearly(['render', '--out-dir', '/dev/null'], /DL_OUTPUT_EXISTS/), /\/dev\/null is a file, not a folder/);
  });

  it('refuses secrets generate --dir pointing at a file', () => {
    const target = file('secrets-file', '');
    assert.match(failsClearly(['secrets', 'generate', '--dir', target], /DL_SECRETS_INVALID/), /secrets-file is a file, not a folder/);
  });

  it('names the field and the allowed values of a literal union (keeperReplicas)', () => {
    const path = file('keeper.yaml', 'components:\n  clickhouse:\n    keeperReplicas: 2\n');
    const stderr = failsClearly(['check', '-c', path], /DL_CONFIG_INVALID/);
    assert.match(stderr, /components\.clickhouse\.keeperReplicas: expected one of 1, 3, 5, got 2/);
    assert.doesNotMatch(stderr, /\(root\)/);
  });

  it('says a garbage kubeconfig is not a kubeconfig instead of "no current-context"', () => {
    for (const [name, text, reason] of [
      ['kc-text', 'hello\n', /is not a kubeconfig: expected a mapping/],
      ['kc-pod', 'kind: Pod\nspec: {}\n', /kind is "Pod", expected "Config"/],
      ['kc-broken', 'clusters: [1, 2\n', /is not valid YAML/],
    ] as const) {
      const stderr = failsClearly(['status', '--kubeconfig', file(name, text)], /DL_KUBECONFIG_INVALID/);
      assert.match(stderr, reason);
      assert.match(stderr, new RegExp(name));
      assert.doesNotMatch(stderr, /current-context/);
    }
  });
});
