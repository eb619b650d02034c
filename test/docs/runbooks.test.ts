import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { UserConfig } from '../../src/config/schema.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'runbooks');

/** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
function anchors(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3).trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')),
  );
}

const VARIANTS: readonly UserConfig[] = [
  ...ALL_COMBINATIONS,
  { target: 'kubernetes', objectStorage: { mode: 'minio' }, components: { clickhouse: { enabled: true }, flink: { enabled: true }, spark: { enabled: true }, 'kafka-connect': { enabled: true } } },
  { target: 'kubernetes', components: { postgres: { operator: 'crunchy' } } },
];

describe('runbooks', () => {
  it('have a section for every runbook anchor an alert links to', () => {
    for (const config of VARIANTS) {
      for (const [name, built] of platformFor(config).components) {
        const alerts = built.build.alerts ?? [];
        if (alerts.length === 0) continue;
        const file = join(DOCS, `${name}.md`);
        assert.ok(existsSync(file), `docs/runbooks/${name}.md is missing`);
        const sections = anchors(readFileSync(file, 'utf8'));
        for (const alert of alerts) assert.ok(sections.has(alert.runbook), `${alert.alert}: docs/runbooks/${name}.md has no section #${alert.runbook}`);
      }
    }
  });
});
