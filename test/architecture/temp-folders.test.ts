import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const TEST_ROOT = join(import.meta.dirname, '..');
const HELPER = join(TEST_ROOT, 'support', 'temp.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(entry) ? [path] : [];
  });
}

describe('temporary folders of the tests', () => {
  it('are created only through test/support/temp.ts, which removes them when the test process exits', () => {
    // Tests write generated Secrets and kubeconfigs there: a folder a test forgets to remove would
    // leave credentials in the system temp folder.
    const offenders = sources(TEST_ROOT)
      .filter((file) => file !== HELPER && /\bmkdtemp(Sync)?\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(TEST_ROOT, file));
    assert.deepEqual(offenders, [], 'use tempDir(prefix) from test/support/temp.ts');
  });
});
