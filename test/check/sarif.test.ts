import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runChecks } from '../../src/check/run.ts';
import { ALL_RULES, toSarif } from '../../src/check/sarif.ts';
import { platformFor } from '../support/platform.ts';
import { isDeployment, mutated } from './support.ts';

describe('SARIF output', () => {
  it('is a SARIF 2.1.0 log with rule metadata and results pointing at their rules', () => {
    const platform = mutated(platformFor({}), isDeployment('nessie'), (o) => {
      (o as any).spec.template.spec.containers[0].image = 'ghcr.io/projectnessie/nessie:latest';
    });
    const report = runChecks({ ...platform, config: { ...platform.config, check: { suppressions: [{ rule: 'DL-SEC-007', reason: 'accepted for this test run' }] } } });
    const log = toSarif(report, { toolVersion: '0.1.0' }) as any;
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'datalyptica');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const rule of ALL_RULES) assert.ok(ids.includes(rule.id), rule.id);
    const tag = run.results.find((r: any) => r.ruleId === 'DL-SEC-008');
    assert.ok(tag, 'the latest-tag finding is in the log');
    assert.equal(tag.level, 'error');
    assert.equal(run.tool.driver.rules[tag.ruleIndex].id, 'DL-SEC-008');
    assert.match(tag.locations[0].logicalLocations[0].fullyQualifiedName, /^datalyptica-catalog\/Deployment\/nessie#/);
    assert.ok(run.tool.driver.rules[tag.ruleIndex].help.text.length > 0);
  });

  it('gives every rule in the catalogue a unique id', () => {
    assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length);
  });
});
