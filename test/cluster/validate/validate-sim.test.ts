import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import { deployError } from '../../../src/cluster/deploy.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { cli } from '../../support/cli.ts';
import { simPlatform, type SimPlatform } from '../sim-platform.ts';
import { tempDir } from '../../support/temp.ts';

/** Probes answered from API objects alone: the simulator can make every one of them pass. */
const OBJECT_PROBES: ReadonlySet<Probe['type']> = new Set(['object-exists', 'object-ready', 'pods-ready', 'pvcs-bound', 'service-endpoints', 'route', 'ingress', 'operator']);

interface Report {
  readonly ok: boolean;
  readonly counts: { readonly passed: number; readonly warnings: number; readonly failed: number };
  readonly groups: readonly { readonly group: string; readonly results: readonly { readonly id: string; readonly status: string; readonly message: string }[] }[];
}

const dir = tempDir('datalyptica-validate-');
const configFile = join(dir, 'datalyptica.yaml');
writeFileSync(configFile, stringify({ target: 'openshift', profile: 'production' }));
let s: SimPlatform;
let probeType: Map<string, Probe['type']>;

before(async () => {
  s = await simPlatform({ target: 'openshift', profile: 'production' });
  probeType = new Map(collectChecks(s.platform, {}).map((c) => [c.id, c.probe.type] as const));
});
after(async () => {
  await s.sim.stop();
});

async function validate(junit: string): Promise<{ code: number; report: Report; junit: string }> {
  const run = await cli(['validate', '-c', configFile, '--kubeconfig', s.sim.kubeconfig, '-o', 'json', '--junit', junit, '--timeout', '5']);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, junit: readFileSync(junit, 'utf8') };
}

const results = (report: Report) => report.groups.flatMap((g) => g.results);

describe('validate against the simulated API server', () => {
  it('fails before deploy, with a JUnit failure per failed check', async () => {
    const { code, report, junit } = await validate(join(dir, 'before.xml'));
    assert.equal(code, 1);
    assert.equal(report.ok, false);
    const objectLevel = results(report).filter((r) => OBJECT_PROBES.has(probeType.get(r.id)!));
    assert.ok(objectLevel.length > 100);
    assert.ok(objectLevel.filter((r) => r.status === 'fail').length > objectLevel.length / 2);
    assert.equal((junit.match(/<failure /g) ?? []).length, report.counts.failed);
  });

  it('passes every object-level check after a simulated deploy; protocol probes fail with a reason instead of crashing', async () => {
    const deployed = await s.run();
    assert.equal(deployed.ok, true, JSON.stringify(deployError(deployed)?.details));
    const { code, report, junit } = await validate(join(dir, 'after.xml'));
    const all = results(report);
    assert.ok(all.length >= 50);
    const objectLevel = all.filter((r) => OBJECT_PROBES.has(probeType.get(r.id)!));
    assert.deepEqual(objectLevel.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.message}`), []);
    for (const group of ['namespaces', 'operators', 'storage', 'services', 'routes']) assert.ok(report.groups.some((g) => g.group === group && g.results.some((r) => r.status === 'pass')), `${group} has passing checks`);
    // Port-forward (a streaming upgrade) and the external S3 host do not exist here: clear reasons, exit 1.
    const protocol = all.filter((r) => !OBJECT_PROBES.has(probeType.get(r.id)!));
    assert.ok(protocol.length > 0);
    for (const r of protocol.filter((x) => x.status === 'fail')) assert.match(r.message, /port-forward|getaddrinfo|PEM|certificate|ECONNREFUSED|timed out after/, `${r.id}: ${r.message}`);
    assert.equal(code, 1);
    assert.equal((junit.match(/<failure /g) ?? []).length, report.counts.failed);
  });
});
