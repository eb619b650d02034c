import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { CliIO } from '../../../src/cli/io.ts';
import { runCli } from '../../../src/cli/program.ts';
import { tempDir } from '../../support/temp.ts';

const root = tempDir('dl-cli-secrets-');
after(() => rmSync(root, { recursive: true, force: true }));

function fakeIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    stdin: Readable.from([]) as unknown as CliIO['stdin'],
    env: { NO_COLOR: '1' },
    out: () => out,
    err: () => err,
  };
}

/** Every decoded secret value in every Secret file under `dir` (login names are not secret: descriptions name them). */
function allValues(dir: string): string[] {
  const out: string[] = [];
  for (const ns of readdirSync(dir)) {
    if (!statSync(join(dir, ns)).isDirectory()) continue;
    for (const file of readdirSync(join(dir, ns))) {
      const data = (parse(readFileSync(join(dir, ns, file), 'utf8')) as { data: Record<string, string> }).data;
      for (const [key, v] of Object.entries(data)) if (key !== 'username') out.push(Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  return out;
}

describe('datalyptica secrets', () => {
  const dir = join(root, 'secrets');

  it('generate prints names and counts, never a value, and a second run has nothing to do', async () => {
    const io = fakeIO();
    assert.equal(await runCli(['secrets', 'generate', '--dir', dir], io), 0);
    const values = allValues(dir).filter((v) => v.length >= 16);
    assert.ok(values.length > 5);
    for (const value of values) {
      assert.ok(!io.out().includes(value) && !io.err().includes(value), 'a secret value was printed');
    }
    assert.match(io.out(), /^created {3}datalyptica-catalog\/nessie-cache-token$/m);
    assert.match(io.err(), /\d+ secrets in .*: \d+ created, 0 extended, 0 unchanged/);
    const again = fakeIO();
    assert.equal(await runCli(['secrets', 'generate', '--dir', dir], again), 0, 'nothing to do is success');
    assert.match(again.err(), /0 created, 0 extended/);
    assert.match(again.err(), /nothing to do: every generated secret already exists/);
  });

  it('list shows status per Secret as JSON without values', async () => {
    const io = fakeIO();
    assert.equal(await runCli(['secrets', 'list', '--dir', dir, '-o', 'json'], io), 0);
    const rows = JSON.parse(io.out()) as { name: string; status: string; source: string }[];
    assert.ok(rows.filter((r) => r.source === 'generated').every((r) => r.status === 'present'));
    for (const value of allValues(dir).filter((v) => v.length >= 16)) assert.ok(!io.out().includes(value));
  });

  it('seal writes SealedSecrets for the controller certificate and prints no value', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const cert = join(root, 'cert.pem');
    writeFileSync(cert, key);
    const out = join(root, 'sealed');
    const io = fakeIO();
    assert.equal(await runCli(['secrets', 'seal', '--cert', cert, '--dir', dir, '--out-dir', out], io), 0);
    assert.ok(readdirSync(out).includes('kustomization.yaml'));
    for (const value of allValues(dir).filter((v) => v.length >= 16)) assert.ok(!io.out().includes(value) && !io.err().includes(value));
  });

  it('seal without generated secrets names the command that creates them', async () => {
    const cert = join(root, 'cert.pem');
    const io = fakeIO();
    assert.equal(await runCli(['secrets', 'seal', '--cert', cert, '--dir', join(root, 'empty'), '--out-dir', join(root, 'o')], io), 1);
    assert.match(io.err(), /DL_SECRETS_MISSING/);
    assert.match(io.err(), /datalyptica secrets generate/);
  });
});
