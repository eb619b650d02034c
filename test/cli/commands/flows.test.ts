import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

function configFile(text: string): string {
  const file = join(tempDir('dl-flows-'), 'datalyptica.yaml');
  writeFileSync(file, text);
  return file;
}

describe('datalyptica flows', () => {
  it('prints the matrix as a table grouped by namespace that fits 120 columns', async () => {
    const result = await cli(['flows', '-c', configFile('target: kubernetes\nprofile: dev\n')]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ {2}FROM\s+TO\s+PORTS\s+STATUS$/);
    assert.ok(lines.includes('datalyptica-catalog'), 'no namespace heading for the catalog tier');
    const nessie = lines.slice(lines.findIndex((l) => /^ {2}nessie\s/.test(l))).join('\n').split(/\n {2}\S/)[0]!;
    assert.match(nessie, /kube-system\/cluster-dns\s+53\/TCP\+UDP\s+allowed\n/, 'nessie\'s DNS rows are not merged into one line');
    const widest = Math.max(...lines.map((l) => l.length));
    assert.ok(widest <= 120, `a line is ${widest} columns wide`);
  });

  it('shows an egress rule with ports but no peer as "any destination on port", not as every outside peer on that port', async () => {
    const result = await cli(['flows', '-c', configFile('target: openshift\n')]);
    assert.equal(result.code, 0, result.stderr);
    const certManager = result.stdout.split('\ncert-manager\n')[1]!.split(/\n\S/)[0]!;
    assert.match(certManager, /any destination on port\s+443,6443\/TCP\s+allowed/);
    assert.doesNotMatch(certManager, /cluster-dns\s+\S*443/, 'cluster DNS listed on the API ports the open egress rule allows');
    assert.doesNotMatch(result.stdout, /outside-cluster/);
  });

  it('shows every row in full with -o wide', async () => {
    const result = await cli(['flows', '-o', 'wide', '-c', configFile('target: openshift\n')]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^FROM\s+TO\s+PORT\s+DECLARED\s+ALLOWED\s+REASONS$/);
    assert.ok(lines.some((l) => /^cert-manager\/cert-manager\s+openshift-dns\/cluster-dns\s+443\/TCP\s+yes\s+yes/.test(l)));
    assert.ok(Math.max(...lines.map((l) => l.length)) > 120);
  });

  it('prints YAML rows', async () => {
    const result = await cli(['flows', '-o', 'yaml', '--problems', '-c', configFile('profile: small\n')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), '[]');
  });

  it('prints JSON rows with the reasons', async () => {
    const result = await cli(['flows', '-o', 'json', '-c', configFile('target: openshift\n')]);
    assert.equal(result.code, 0, result.stderr);
    const rows = JSON.parse(result.stdout) as { from: string; to: string; port: number; declared: boolean; allowed: boolean; reasons: string[] }[];
    const router = rows.find((r) => r.from === 'openshift-ingress/router' && r.to === 'datalyptica-catalog/nessie');
    assert.ok(router?.declared && router.allowed);
    assert.ok(router.reasons.some((r) => r.startsWith('nessie:')));
    assert.ok(rows.every((r) => r.declared === r.allowed));
  });

  it('prints nothing with --problems when the policies match the declarations', async () => {
    const result = await cli(['flows', '--problems', '-o', 'json', '-c', configFile('profile: small\n')]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });

  it('rejects an unknown output format', async () => {
    const result = await cli(['flows', '-o', 'xml']);
    assert.equal(result.code, 1);
  });
});
