import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cli } from '../support/cli.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { tempDir } from '../support/temp.ts';

describe('sealed-secrets mode end to end', () => {
  it('generates, seals, and renders the SealedSecrets into the tree, where check validates them', async () => {
    const dir = tempDir('dl-sealed-');
    const config = join(dir, 'datalyptica.yaml');
    const sealedDir = join(dir, 'sealed');
    writeFileSync(config, `profile: dev\nsecrets:\n  mode: sealed-secrets\n  dir: ${join(dir, 'secrets')}\n  sealedDir: ${sealedDir}\n`);

    // Before sealing: render counts a secrets warning, check lists it with the command; nothing secret is in the tree.
    const early = await cli(['render', '-c', config, '--out-dir', join(dir, 'early')]);
    assert.equal(early.code, 0, early.stderr);
    assert.match(early.stderr, /warnings about this config \(.*\bsecrets\b.*\): `datalyptica check` lists them/);
    const checked = await cli(['check', '-c', config, '--skip-schemas']);
    assert.match(checked.stdout, /WARN DL-COMP-001 platform: secrets: .*SealedSecrets? (is|are) missing/);
    assert.match(checked.stdout, /secrets seal --cert/);

    assert.equal((await cli(['secrets', 'generate', '-c', config])).code, 0);
    const cert = join(dir, 'cert.pem');
    writeFileSync(cert, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const seal = await cli(['secrets', 'seal', '-c', config, '--cert', cert]);
    assert.equal(seal.code, 0, seal.stderr);

    const out = join(dir, 'out');
    const render = await cli(['render', '-c', config, '--out-dir', out]);
    assert.equal(render.code, 0, render.stderr);
    assert.doesNotMatch(render.stderr, /\bsecrets\b/);
    const bundle = readFileSync(join(out, 'bundle.yaml'), 'utf8');
    assert.match(bundle, /kind: SealedSecret/);
    // ServiceAccount token Secrets carry no value: the token controller fills them in the cluster.
    const plain = parseAllDocuments(bundle)
      .map((d) => d.toJS() as { kind?: string; type?: string; data?: unknown; stringData?: unknown } | null)
      .filter((o) => o?.kind === 'Secret' && !(o.type === 'kubernetes.io/service-account-token' && o.data === undefined && o.stringData === undefined));
    assert.deepEqual(plain, [], 'no plain Secret in the tree');

    const check = await cli(['check', '-c', config, '--schemas', ...SCHEMA_DIRS]);
    assert.equal(check.code, 0, check.stdout);
  });
});
