import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '__snapshots__');

/**
 * Compares `value` (as YAML) with `test/__snapshots__/<name>.yaml`. A missing snapshot fails, as a
 * changed one does: only `UPDATE_SNAPSHOTS=1` writes or rewrites them, so a test cannot pass by
 * writing its own expectation.
 */
export function matchSnapshot(name: string, value: unknown): void {
  const file = join(ROOT, `${name}.yaml`);
  // A declaration's function (an operator's mirrorValues) is shown by name: YAML has no tag for code.
  const actual = stringify(value, (_key, v: unknown) => (typeof v === 'function' ? `[function ${(v as { name: string }).name || 'anonymous'}]` : v), { lineWidth: 0, sortMapEntries: false });
  if (process.env['UPDATE_SNAPSHOTS'] === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${name} is missing; write it with UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${name} differs; rerun with UPDATE_SNAPSHOTS=1 if intended`);
}
