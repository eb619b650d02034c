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
  it('prints the matrix as a table with declared and allowed columns', async () => {
    const result = await cli(['flows', '-c', configFile('target: kubernetes\nprofile: dev\n')]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^FROM\s+TO\s+PORT\s+DECLARED\s+ALLOWED$/);
    assert.ok(lines.some((l) => /datalyptica-catalog\/nessie\s+kube-system\/cluster-dns\s+53\/UDP\s+yes\s+yes/.test(l)));
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
