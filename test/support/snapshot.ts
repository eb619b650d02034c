import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '__snapshots__');

/**
 * Compares `value` (as YAML) with `test/__snapshots__/<name>.yaml`. A missing snapshot is written
 * (and the test passes); `UPDATE_SNAPSHOTS=1` rewrites it. In CI (`CI=true`) a missing one fails.
 */
export function matchSnapshot(name: string, value: unknown): void {
  const file = join(ROOT, `${name}.yaml`);
  const actual = stringify(value, { lineWidth: 0, sortMapEntries: false });
  if (process.env['UPDATE_SNAPSHOTS'] === '1' || (!existsSync(file) && process.env['CI'] !== 'true')) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${name} is missing; run the tests once locally to write it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${name} differs; rerun with UPDATE_SNAPSHOTS=1 if intended`);
}
