import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifests } from '../../../src/check/manifests/load.ts';
import { runManifestChecks } from '../../../src/check/manifests/run-manifests.ts';

/** The seed design document whose manifests the audit (spec/audit.md) found broken; read in place, never copied. */
const SEED = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'seeds', '000_e3f2c642249f9eed.txt');

/** The ```yaml blocks of a Markdown text that hold Kubernetes objects, as one multi-document YAML. */
function yamlBlocks(text: string): string {
  const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  return blocks.flatMap((b) => b.split(/^---$/m)).filter((doc) => /^apiVersion:/m.test(doc) && /^kind:/m.test(doc)).join('\n---\n');
}

describe('check on the seed design document\'s manifests', { skip: existsSync(SEED) ? false : `${SEED} is not present` }, () => {
  it('flags the audit\'s BREAKS findings that the upstream rules cover (A-01, A-06, A-12, A-33)', () => {
    const objects = parseManifests(yamlBlocks(readFileSync(SEED, 'utf8')), 'seed').map((o) => o.object);
    const report = runManifestChecks(objects, { target: 'openshift' });
    const rules = new Set(report.findings.map((f) => f.rule));
    assert.ok(objects.length > 15, `only ${objects.length} objects extracted`);
    for (const [audit, rule] of [['A-01 KRaft keys in spec.kafka.config', 'DL-UPS-001'], ['A-06 kafka-pdb over Strimzi pods', 'DL-UPS-004'], ['A-12 two Trino coordinators', 'DL-UPS-003'], ['A-33 DNS egress without 5353', 'DL-UPS-010']] as const) {
      assert.ok(rules.has(rule), `${audit}: ${rule} did not fire`);
    }
    assert.equal(report.ok, false);
  });
});
