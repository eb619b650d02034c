import assert from 'node:assert/strict';
import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { isDatalypticaError } from '../../src/errors.ts';
import type { SecretRequirement } from '../../src/model/secret.ts';
import { generateSecrets } from '../../src/secrets/generate.ts';
import { listSecrets } from '../../src/secrets/list.ts';
import { loadGeneratedSecrets } from '../../src/secrets/load.ts';
import { hybridEncrypt, sealSecret, sealingLabel } from '../../src/secrets/seal.ts';
import { loadSealedSecrets, sealGeneratedSecrets } from '../../src/secrets/sealed-files.ts';
import { generateValue } from '../../src/secrets/values.ts';
import { SchemaValidator } from '../../src/check/schema/validator.ts';
import { tempDir } from '../support/temp.ts';

const root = tempDir('dl-secrets-');
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `case-${++n}`, 'secrets');

const db = (namespace: string): SecretRequirement => ({
  name: 'pg-app',
  namespace,
  source: 'generated',
  keys: [
    { key: 'username', kind: 'username', value: 'app' },
    { key: 'password', kind: 'password' },
  ],
  description: 'app database user',
  consumers: ['postgres'],
  type: 'kubernetes.io/basic-auth',
  valueGroup: 'pg-app',
});
const minio: SecretRequirement = {
  name: 'minio-root',
  namespace: 'storage',
  source: 'generated',
  keys: [
    { key: 'user', kind: 'username', value: 'root' },
    { key: 'password', kind: 'password', length: 40 },
    { key: 'config.env', kind: 'password', template: 'export MINIO_ROOT_USER=${user}\nexport MINIO_ROOT_PASSWORD=${password}\n' },
  ],
  description: 'MinIO root',
  consumers: ['object-storage'],
};
const operatorMade: SecretRequirement = { name: 'kafka-user', namespace: 'streaming', source: 'operator', keys: [{ key: 'user.key', kind: 'token' }], description: 'KafkaUser', consumers: ['kafka'] };
const plan = [db('catalog'), db('query'), minio, operatorMade];

function values(file: string): Record<string, string> {
  const data = (parse(readFileSync(file, 'utf8')) as { data: Record<string, string> }).data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

describe('secrets generate', () => {
  it('makes passwords of at least 32 characters and keys of 32 random bytes, all different', () => {
    const a = generateValue({ key: 'p', kind: 'password', length: 8 });
    assert.equal(a.length, 32);
    assert.notEqual(a, generateValue({ key: 'p', kind: 'password' }));
    assert.equal(generateValue({ key: 'h', kind: 'hex' }).length, 64);
    assert.equal(Buffer.from(generateValue({ key: 'b', kind: 'base64-key' }), 'base64').length, 32);
    assert.equal(generateValue({ key: 'u', kind: 'username', value: 'trino' }), 'trino');
  });

  it('writes one Secret per generated requirement, 0600 files in 0700 folders, never the operator ones', () => {
    const dir = freshDir();
    const result = generateSecrets(plan, dir);
    assert.deepEqual(result.created, ['catalog/pg-app', 'query/pg-app', 'storage/minio-root']);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'catalog')).mode & 0o777, 0o700);
    const file = join(dir, 'catalog', 'pg-app.yaml');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const secret = parse(readFileSync(file, 'utf8'));
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.type, 'kubernetes.io/basic-auth');
    assert.equal(secret.metadata.namespace, 'catalog');
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\*$/m);
  });

  it('shares values within a valueGroup and fills templates from the other keys', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    assert.deepEqual(values(join(dir, 'catalog', 'pg-app.yaml')), values(join(dir, 'query', 'pg-app.yaml')));
    const m = values(join(dir, 'storage', 'minio-root.yaml'));
    assert.equal(m['password']!.length, 40);
    assert.equal(m['config.env'], `export MINIO_ROOT_USER=root\nexport MINIO_ROOT_PASSWORD=${m['password']}\n`);
  });

  it('is idempotent: a second run changes no byte, and a deleted group member gets the surviving value', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const file = join(dir, 'catalog', 'pg-app.yaml');
    const before = readFileSync(file, 'utf8');
    const second = generateSecrets(plan, dir);
    assert.deepEqual(second.created, []);
    assert.equal(second.unchanged.length, 3);
    assert.equal(readFileSync(file, 'utf8'), before);
    rmSync(join(dir, 'query', 'pg-app.yaml'));
    generateSecrets(plan, dir);
    assert.deepEqual(values(join(dir, 'query', 'pg-app.yaml')), values(file));
  });

  it('fills a key added to an existing Secret and keeps the old values', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const old = values(join(dir, 'storage', 'minio-root.yaml'));
    const grown = { ...minio, keys: [...minio.keys, { key: 'kms-key', kind: 'base64-key' as const }] };
    const result = generateSecrets([grown], dir);
    assert.deepEqual(result.extended, [{ secret: 'storage/minio-root', keys: ['kms-key'] }]);
    const now = values(join(dir, 'storage', 'minio-root.yaml'));
    assert.equal(now['password'], old['password']);
    assert.ok(now['kms-key']);
  });

  it('tightens a loosened file back to 0600 without touching it', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const file = join(dir, 'storage', 'minio-root.yaml');
    chmodSync(file, 0o644);
    assert.deepEqual(generateSecrets(plan, dir).tightened, ['storage/minio-root']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});

describe('loadGeneratedSecrets', () => {
  it('returns the Secrets for deploy', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const secrets = loadGeneratedSecrets({ secrets: plan }, dir);
    assert.deepEqual(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`), ['catalog/pg-app', 'query/pg-app', 'storage/minio-root']);
  });

  it('names every missing Secret and the command that fixes it', () => {
    const dir = freshDir();
    generateSecrets([minio], dir);
    try {
      loadGeneratedSecrets({ secrets: plan }, dir, { configFile: 'datalyptica.yaml' });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(isDatalypticaError(error));
      assert.equal(error.code, 'DL_SECRETS_MISSING');
      assert.equal(error.details.length, 2);
      assert.match(error.details[0]!, /^catalog\/pg-app: /);
      assert.match(error.hint ?? '', /datalyptica secrets generate -c datalyptica.yaml/);
    }
  });

  it('lists status without values', () => {
    const dir = freshDir();
    generateSecrets([minio], dir);
    const rows = listSecrets(plan, dir);
    assert.deepEqual(rows.map((r) => `${r.namespace}/${r.name}:${r.status}`), ['catalog/pg-app:missing', 'query/pg-app:missing', 'storage/minio-root:present', 'streaming/kafka-user:not-generated']);
    assert.ok(!JSON.stringify(rows).includes(values(join(dir, 'storage', 'minio-root.yaml'))['password']!));
  });
});

/** The controller's side of kubeseal's hybrid encryption, to prove our ciphertext opens. */
function unseal(privateKey: KeyObject, sealed: string, label: Buffer): string {
  const bytes = Buffer.from(sealed, 'base64');
  const length = bytes.readUInt16BE(0);
  const sessionKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, bytes.subarray(2, 2 + length));
  const body = bytes.subarray(2 + length);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12, 0));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
}

describe('secrets seal', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('encrypts each value for its namespace/name so only the controller can open it there', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const [secret] = loadGeneratedSecrets({ secrets: [minio] }, dir);
    const sealed = sealSecret(secret!, publicKey);
    const encrypted = (sealed['spec'] as { encryptedData: Record<string, string> }).encryptedData;
    assert.deepEqual(Object.keys(encrypted), ['config.env', 'password', 'user']);
    const plain = values(join(dir, 'storage', 'minio-root.yaml'));
    assert.equal(unseal(privateKey, encrypted['password']!, sealingLabel('storage', 'minio-root', 'strict')), plain['password']);
    assert.throws(() => unseal(privateKey, encrypted['password']!, sealingLabel('other', 'minio-root', 'strict')));
  });

  it('lays bytes out as kubeseal does: 2-byte RSA length, RSA-OAEP(SHA-256) of a 32-byte key, AES-256-GCM under a zero nonce', () => {
    const plaintext = Buffer.from('s3cr3t-value', 'utf8');
    const label = sealingLabel('storage', 'minio-root', 'strict');
    const bytes = hybridEncrypt(publicKey, plaintext, label);
    assert.equal(bytes.readUInt16BE(0), 256); // the modulus size of a 2048-bit key
    assert.equal(bytes.length, 2 + 256 + plaintext.length + 16); // GCM adds only its 16-byte tag
    const sessionKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, bytes.subarray(2, 258));
    assert.equal(sessionKey.length, 32);
    const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12, 0));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    assert.deepEqual(Buffer.concat([decipher.update(bytes.subarray(258, bytes.length - 16)), decipher.final()]), plaintext);
  });

  it('uses the scope labels and annotations of kubeseal: namespace/name, namespace, or empty', () => {
    assert.equal(sealingLabel('storage', 'minio-root', 'strict').toString(), 'storage/minio-root');
    assert.equal(sealingLabel('storage', 'minio-root', 'namespace-wide').toString(), 'storage');
    assert.equal(sealingLabel('storage', 'minio-root', 'cluster-wide').length, 0);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'minio-root', namespace: 'storage' }, data: { user: Buffer.from('admin').toString('base64') } };
    assert.equal(sealSecret(secret, publicKey, 'strict').metadata.annotations, undefined);
    assert.deepEqual(sealSecret(secret, publicKey, 'namespace-wide').metadata.annotations, { 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    const wide = sealSecret(secret, publicKey, 'cluster-wide');
    assert.deepEqual(wide.metadata.annotations, { 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    assert.equal(unseal(privateKey, (wide['spec'] as { encryptedData: Record<string, string> }).encryptedData['user']!, Buffer.alloc(0)), 'admin');
  });

  it('writes SealedSecrets that validate against the bitnami schema and keeps them on a re-run', () => {
    const dir = freshDir();
    const out = join(root, `sealed-${n}`);
    generateSecrets(plan, dir);
    const first = sealGeneratedSecrets({ platform: { secrets: plan }, secretsDir: dir, outDir: out, certPem: pem });
    assert.equal(first.sealed.length, 3);
    const second = sealGeneratedSecrets({ platform: { secrets: plan }, secretsDir: dir, outDir: out, certPem: pem });
    assert.deepEqual(second.sealed, []);
    const objects = loadSealedSecrets({ secrets: plan }, out);
    const validator = new SchemaValidator({ dirs: [join(import.meta.dirname, '..', '..', '..', 'shared', 'schemas')] });
    for (const o of objects) assert.equal(validator.validate(o).status, 'valid', o.metadata.name);
    assert.ok(!readFileSync(join(out, 'storage', 'sealedsecret-minio-root.yaml'), 'utf8').includes(values(join(dir, 'storage', 'minio-root.yaml'))['password']!));
  });

  it('refuses a certificate that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const file = join(root, 'ec.pem');
    writeFileSync(file, ec);
    assert.throws(() => sealGeneratedSecrets({ platform: { secrets: [] }, secretsDir: freshDir(), outDir: join(root, 'x'), certPem: ec }), /not RSA/);
  });
});
