import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDatalypticaError } from '../../src/errors.ts';
import type { SecretRequirement } from '../../src/model/secret.ts';
import { readSecretFile, secretFile } from '../../src/secrets/files.ts';
import { generateSecrets } from '../../src/secrets/generate.ts';
import { exposedSecretPaths, gitExposure } from '../../src/secrets/hygiene.ts';
import { rotateSecret } from '../../src/secrets/rotate.ts';
import { cli } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';

const root = tempDir('dl-secrets-hygiene-');
let n = 0;
const freshDir = () => join(root, `case-${++n}`, 'secrets');

const login = (namespace: string): SecretRequirement => ({
  name: 'pg-app',
  namespace,
  source: 'generated',
  keys: [
    { key: 'username', kind: 'username' },
    { key: 'password', kind: 'password' },
    { key: 'uri', kind: 'password', template: 'postgresql://${username}:${password}@pg:5432/app' },
  ],
  description: 'app database user',
  consumers: ['postgres'],
  valueGroup: 'pg-app',
});
const token: SecretRequirement = { name: 'api-token', namespace: 'query', source: 'generated', keys: [{ key: 'token', kind: 'token' }], description: 'a token', consumers: ['trino'] };
const plan = [login('catalog'), login('query'), token];

function gitRepo(): string {
  const repo = join(root, `repo-${++n}`);
  mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q', repo]);
  return repo;
}

function rejects(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => isDatalypticaError(error) && error.code === 'DL_SECRETS_INVALID' && pattern.test(error.message));
}

describe('secrets hygiene', () => {
  it('makes every folder 0700 and every file 0600, the namespace folders included', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    for (const path of [dir, join(dir, 'catalog'), join(dir, 'query')]) assert.equal(statSync(path).mode & 0o777, 0o700, path);
    assert.equal(statSync(secretFile(dir, token)).mode & 0o777, 0o600);
    assert.deepEqual(exposedSecretPaths(dir), []);
  });

  it('finds a file and a folder others can read, with the mode each should have', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    chmodSync(join(dir, 'query'), 0o755);
    chmodSync(secretFile(dir, token), 0o644);
    assert.deepEqual(exposedSecretPaths(dir), [
      { path: join(dir, 'query'), mode: '755', expected: '700' },
      { path: secretFile(dir, token), mode: '644', expected: '600' },
    ]);
  });

  it('warns in secrets list about a world-readable secret file, naming the chmod', async () => {
    const dir = freshDir();
    const generated = await cli(['secrets', 'generate', '--dir', dir]);
    assert.equal(generated.code, 0, generated.stderr);
    const file = join(dir, readdirSync(dir).find((entry) => entry !== '.gitignore')!);
    chmodSync(file, 0o755);
    const listed = await cli(['secrets', 'list', '--dir', dir]);
    assert.match(listed.stderr, new RegExp(`warning: ${file} is readable by other users \\(mode 755\\); fix: chmod 700 ${file}`));
  });

  it('writes a .gitignore that makes git ignore the folder inside a repository', () => {
    const dir = join(gitRepo(), '.datalyptica', 'secrets');
    generateSecrets(plan, dir);
    assert.equal(gitExposure(dir), undefined);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\*$/m);
  });

  it('refuses a folder whose own .gitignore would let secret files be committed', () => {
    const dir = join(gitRepo(), 'secrets');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.gitignore'), '# keep the yaml files\n*.bak\n');
    rejects(() => generateSecrets(plan, dir), /git does not ignore a secret file/);
    assert.deepEqual(readdirSync(dir), ['.gitignore'], 'nothing was written');
  });

  it('refuses a folder git already tracks files in', () => {
    const repo = gitRepo();
    const dir = join(repo, 'secrets');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'old.yaml'), 'kind: Secret\n');
    execFileSync('git', ['-C', repo, 'add', 'secrets/old.yaml']);
    writeFileSync(join(dir, '.gitignore'), '*\n');
    rejects(() => generateSecrets(plan, dir), /git already tracks 1 file in it \(old\.yaml\)/);
  });

  it('checks nothing outside a git work tree', () => {
    assert.equal(gitExposure(freshDir().replace(/secrets$/, '')), undefined);
  });
});

describe('secrets rotate', () => {
  it('gives a value group new passwords together, keeps the user name and refills templates', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const before = readSecretFile(secretFile(dir, login('catalog')))!;
    const otherBefore = readSecretFile(secretFile(dir, token))!;
    const result = rotateSecret(plan, dir, 'query/pg-app');
    assert.deepEqual(result.rotated.map((r) => r.secret), ['catalog/pg-app', 'query/pg-app']);
    const catalog = readSecretFile(secretFile(dir, login('catalog')))!;
    const query = readSecretFile(secretFile(dir, login('query')))!;
    assert.notEqual(catalog['password'], before['password']);
    assert.equal(catalog['password'], query['password'], 'the group still agrees');
    assert.equal(catalog['username'], before['username'], 'the login name is kept');
    assert.equal(catalog['uri'], `postgresql://${catalog['username']}:${catalog['password']}@pg:5432/app`);
    assert.deepEqual(readSecretFile(secretFile(dir, token)), otherBefore, 'other secrets are untouched');
  });

  it('tells apart a restored file from a rotated one when a group member is deleted', () => {
    const dir = freshDir();
    generateSecrets(plan, dir);
    const password = readSecretFile(secretFile(dir, login('catalog')))!['password'];
    rmSync(secretFile(dir, login('query')));
    const result = generateSecrets(plan, dir);
    assert.deepEqual(result.restored, ['query/pg-app']);
    assert.equal(readSecretFile(secretFile(dir, login('query')))!['password'], password);
  });

  it('names the secrets it knows when the name is unknown', () => {
    assert.throws(() => rotateSecret(plan, freshDir(), 'nope'), /no generated secret is named nope/);
  });

  it('asks before rotating from the command line, and rotates with --yes', async () => {
    const dir = freshDir();
    assert.equal((await cli(['secrets', 'generate', '--dir', dir])).code, 0);
    const asked = await cli(['secrets', 'rotate', 'datalyptica-pg-nessie', '--dir', dir]);
    assert.notEqual(asked.code, 0);
    assert.match(asked.stderr, /DL_ABORTED.*no terminal to ask on/s);
    const done = await cli(['secrets', 'rotate', 'datalyptica-pg-nessie', '--dir', dir, '--yes']);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^rotated {3}datalyptica-catalog\/datalyptica-pg-nessie /m);
  });
});
