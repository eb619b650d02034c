import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifests } from '../../../src/check/manifests/load.ts';
import { runManifestChecks } from '../../../src/check/manifests/run-manifests.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** The YAML blocks of seed 000, verbatim, one file per block (seed 002 has no YAML). */
const FIXTURES = join(ROOT, 'test', 'fixtures', 'seed-000');
const SEED = join(ROOT, '..', 'shared', 'seeds', '000_e3f2c642249f9eed.txt');
const AUDIT = join(ROOT, '..', 'shared', 'spec', 'audit.md');

/**
 * The audit's BREAKS findings whose seed evidence is a YAML block: the fixture that holds it and
 * the rules that flag it (any one firing on an object of that file counts).
 */
const FLAGGED_FROM_YAML: Readonly<Record<string, { file: string; rules: readonly string[] }>> = {
  'A-01': { file: '04-kafka.yaml', rules: ['DL-UPS-001'] },
  'A-02': { file: '04-kafka.yaml', rules: ['DL-UPS-012'] },
  'A-06': { file: '11-pdbs.yaml', rules: ['DL-UPS-004', 'DL-HA-003'] },
  'A-08': { file: '15-service-monitors.yaml', rules: ['DL-UPS-013'] },
  'A-09': { file: '09-prometheus.yaml', rules: ['DL-UPS-014'] },
  'A-10': { file: '09-prometheus.yaml', rules: ['DL-UPS-015'] },
  'A-11': { file: '10-grafana.yaml', rules: ['DL-UPS-016'] },
  'A-12': { file: '08-trino.yaml', rules: ['DL-UPS-003'] },
  'A-16': { file: '06-nessie.yaml', rules: ['DL-UPS-020'] },
  'A-19': { file: '07-spark-application.yaml', rules: ['DL-UPS-006', 'DL-UPS-023'] },
  'A-20': { file: '07-spark-application.yaml', rules: ['DL-UPS-021'] },
  'A-21': { file: '07-spark-application.yaml', rules: ['DL-UPS-022'] },
  'A-25': { file: '05-schema-registry.yaml', rules: ['DL-UPS-017'] },
  'A-26': { file: '05-schema-registry.yaml', rules: ['DL-UPS-018'] },
  'A-30': { file: '03-postgres.yaml', rules: ['DL-UPS-024'] },
  'A-33': { file: '13-network-policy.yaml', rules: ['DL-UPS-010'] },
  'A-34': { file: '13-network-policy.yaml', rules: ['DL-UPS-026'] },
  'A-37': { file: '02-object-storage-class.yaml', rules: ['DL-UPS-025'] },
};

/** BREAKS findings with no YAML in the seeds to point `check` at, and where their evidence is instead. */
const NOT_IN_YAML: Readonly<Record<string, string>> = {
  'A-24': 'seed 002 prose (2 JobManagers); DL-UPS-027 flags it in manifests',
  'A-28': 'seed 002 prose (Confluent Avro converter in Kafka Connect)',
  'A-40': 'seed 002 shell block (oc wait --for=condition=Ready tenant/...)',
  'A-41': 'seed 000/002 prose (replicated ClickHouse); DL-UPS-008 flags it in manifests',
  'A-42': 'seed 000 shell block (helm --set externalDatabase.*)',
  'A-49': 'seed 002 prose (Alloy DaemonSet)',
};

/**
 * BREAKS findings the seeds give only in prose, for which a rule exists all the same: the fixture
 * (test/check/upstream/fixtures) that writes the seed's design as a manifest, and the rule it trips.
 */
const RULE_WITHOUT_SEED_YAML: Readonly<Record<string, { fixture: string; rule: string }>> = {
  'A-24': { fixture: 'flink-ha.bad.yaml', rule: 'DL-UPS-027' },
  'A-41': { fixture: 'clickhouse.bad.yaml', rule: 'DL-UPS-008' },
};

/** A-15 is MISLEADING ("breaks on upgrade"), not BREAKS; DL-UPS-019 flags it too. */
const ALSO_FLAGGED: Readonly<Record<string, { file: string; rules: readonly string[] }>> = {
  'A-15': { file: '06-nessie.yaml', rules: ['DL-UPS-019'] },
};

function fixtureFiles(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();
}

/** Every finding of `check --target openshift` on the seed fixtures, with the fixture file of its object. */
function findingsByFile(): Map<string, Set<string>> {
  const fileOf = new Map<string, string>();
  const objects = fixtureFiles().flatMap((file) =>
    parseManifests(readFileSync(join(FIXTURES, file), 'utf8'), file).map((o) => {
      fileOf.set(`${o.object.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`, file);
      return o.object;
    }),
  );
  const report = runManifestChecks(objects, { target: 'openshift' });
  const rules = new Map<string, Set<string>>();
  for (const finding of report.findings) {
    const file = finding.object ? fileOf.get(`${finding.object.kind}/${finding.object.namespace ?? ''}/${finding.object.name}`) : undefined;
    if (file !== undefined) rules.set(file, (rules.get(file) ?? new Set()).add(finding.rule));
  }
  return rules;
}

function flagged(entries: Readonly<Record<string, { file: string; rules: readonly string[] }>>, rules: Map<string, Set<string>>): string[] {
  return Object.entries(entries)
    .filter(([, { file, rules: wanted }]) => wanted.some((rule) => rules.get(file)?.has(rule)))
    .map(([id]) => id);
}

describe("check on the seed documents' YAML against the audit's BREAKS findings", () => {
  it('keeps one fixture per YAML block of seed 000, each a verbatim copy of its block', { skip: existsSync(SEED) ? false : `${SEED} is not present` }, () => {
    const seed = readFileSync(SEED, 'utf8');
    const blocks = [...seed.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]!).filter((b) => /^apiVersion:/m.test(b) && /^kind:/m.test(b));
    assert.equal(fixtureFiles().length, blocks.length);
    for (const file of fixtureFiles()) {
      const body = readFileSync(join(FIXTURES, file), 'utf8').replace(/^# Seed 000 .*\n/, '');
      assert.ok(blocks.some((b) => b.trimEnd() === body.trimEnd()), `${file} is not a verbatim block of seed 000`);
    }
  });

  it('accounts for every BREAKS finding of the audit', { skip: existsSync(AUDIT) ? false : `${AUDIT} is not present` }, () => {
    const breaks = [...readFileSync(AUDIT, 'utf8').matchAll(/^\*\*(A-\d+) — .*\*\* — [^\n]*\bBREAKS\b/gm)].map((m) => m[1]!).sort();
    assert.deepEqual([...Object.keys(FLAGGED_FROM_YAML), ...Object.keys(NOT_IN_YAML)].sort(), breaks);
  });

  it('flags at least 80% of the BREAKS findings that have YAML in the seeds, each with the rules listed for it', (t) => {
    const rules = findingsByFile();
    const hit = flagged(FLAGGED_FROM_YAML, rules);
    const missed = Object.keys(FLAGGED_FROM_YAML).filter((id) => !hit.includes(id));
    const total = Object.keys(FLAGGED_FROM_YAML).length + Object.keys(NOT_IN_YAML).length;
    t.diagnostic(`flagged ${hit.length}/${Object.keys(FLAGGED_FROM_YAML).length} BREAKS findings with seed YAML (${hit.length}/${total} of all BREAKS findings); missed: ${missed.join(', ') || 'none'}`);
    assert.ok(hit.length >= 0.8 * Object.keys(FLAGGED_FROM_YAML).length, `only ${hit.length} flagged; missed ${missed.join(', ')}`);
    assert.deepEqual(missed, [], 'a finding that was flagged no longer is');
    assert.deepEqual(flagged(ALSO_FLAGGED, rules), Object.keys(ALSO_FLAGGED));
  });

  it('has a rule for at least 80% of all BREAKS findings, counting the prose-only ones a rule catches in a manifest', (t) => {
    const caught = Object.entries(RULE_WITHOUT_SEED_YAML).filter(([, { fixture, rule }]) => {
      const objects = parseManifests(readFileSync(join(import.meta.dirname, 'fixtures', fixture), 'utf8'), fixture).map((o) => o.object);
      return runManifestChecks(objects, { target: 'openshift' }).findings.some((f) => f.rule === rule);
    });
    for (const id of Object.keys(RULE_WITHOUT_SEED_YAML)) assert.ok(id in NOT_IN_YAML, `${id} is listed as having no seed YAML`);
    const total = Object.keys(FLAGGED_FROM_YAML).length + Object.keys(NOT_IN_YAML).length;
    const covered = flagged(FLAGGED_FROM_YAML, findingsByFile()).length + caught.length;
    t.diagnostic(`a rule catches ${covered}/${total} BREAKS findings (${Math.round((100 * covered) / total)}%)`);
    assert.equal(caught.length, Object.keys(RULE_WITHOUT_SEED_YAML).length);
    assert.ok(covered >= 0.8 * total, `${covered}/${total}`);
  });

  it('fails the check on the seed YAML, as the audit says it would fail on a cluster', () => {
    const objects = fixtureFiles().flatMap((file) => parseManifests(readFileSync(join(FIXTURES, file), 'utf8'), file).map((o) => o.object));
    assert.ok(objects.length > 15, `only ${objects.length} objects extracted`);
    assert.equal(runManifestChecks(objects, { target: 'openshift' }).ok, false);
  });
});
