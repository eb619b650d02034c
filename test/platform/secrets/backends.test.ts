import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDatalypticaError } from '../../../src/errors.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { SecretRequirement } from '../../../src/model/secret.ts';
import { SECRETS_BACKENDS, secretsBackend, type SecretStore } from '../../../src/platform/secrets/index.ts';
import { copyObjects } from '../../../src/platform/secrets/external-secrets.ts';
import { generatedRequirements } from '../../../src/platform/secrets/plan.ts';
import { at } from '../../support/platform.ts';
import { platformFor } from '../../support/platform.ts';

const generated = (namespace: string, name: string): SecretRequirement => ({
  name,
  namespace,
  source: 'generated',
  keys: [{ key: 'password', kind: 'password' }],
  description: `${name} password`,
  consumers: ['postgres'],
});
const copy: SecretRequirement = {
  name: 's3',
  namespace: 'b',
  source: 'copy',
  copyFrom: { namespace: 'storage', name: 's3' },
  keys: [{ key: 'AWS_ACCESS_KEY_ID', kind: 'token' }],
  description: 'S3 keys',
  consumers: ['spark'],
};
const plan: readonly SecretRequirement[] = [generated('b', 'two'), copy, generated('a', 'one')];

/** An in-memory store: `values` and `sealed` by `namespace/name`. */
function memoryStore(contents: { values?: Record<string, Record<string, string>>; sealed?: Record<string, KubeObject> } = {}): SecretStore {
  const id = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
  return {
    dir: '/secrets',
    sealedDir: '/sealed',
    fileOf: (r) => `/secrets/${id(r)}.yaml`,
    generated: (r) => contents.values?.[id(r)],
    sealed: (r) => contents.sealed?.[id(r)],
    exposureWarnings: () => ['warning: /secrets is readable by other users'],
  };
}

const settings = { mode: 'files' as const, dir: '/secrets', sealedDir: '/sealed', store: 'vault' };

describe('secrets backends', () => {
  it('has one backend per secrets.mode, each answering for its own mode', () => {
    for (const [mode, backend] of Object.entries(SECRETS_BACKENDS)) assert.equal(backend.mode, mode);
    assert.deepEqual(Object.keys(SECRETS_BACKENDS).sort(), ['external-secrets', 'files', 'sealed-secrets']);
  });

  it('files: renders nothing, and deploy applies the generated Secrets read from the store with its warnings', () => {
    const backend = secretsBackend('files');
    assert.deepEqual(backend.render(plan, settings), []);
    assert.deepEqual(backend.committed(plan, memoryStore()), []);
    const store = memoryStore({ values: { 'a/one': { password: 'p1' }, 'b/two': { password: 'p2' } } });
    const { secrets, warnings } = backend.materialise(plan, store);
    assert.deepEqual(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`), ['a/one', 'b/two']);
    assert.equal((secrets[0]!['data'] as Record<string, string>)['password'], Buffer.from('p1').toString('base64'));
    assert.deepEqual(warnings, ['warning: /secrets is readable by other users']);
  });

  it('files: names every missing Secret and key, with the command that creates them', () => {
    const store = memoryStore({ values: { 'a/one': {} } });
    assert.throws(
      () => secretsBackend('files').materialise(plan, store, { configFile: 'd.yaml' }),
      (error: unknown) =>
        isDatalypticaError(error) &&
        error.code === 'DL_SECRETS_MISSING' &&
        error.details.length === 2 &&
        /has no key password/.test(error.details.join('\n')) &&
        /secrets generate -c d\.yaml --dir \/secrets/.test(error.hint ?? ''),
    );
  });

  it('sealed-secrets: the committed SealedSecrets join the platform; deploy applies nothing of its own', () => {
    const backend = secretsBackend('sealed-secrets');
    const sealed = (name: string): KubeObject => ({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name, namespace: name === 'one' ? 'a' : 'b' } });
    assert.deepEqual(backend.render(plan, settings), []);
    assert.deepEqual(backend.committed(plan, memoryStore({ sealed: { 'a/one': sealed('one'), 'b/two': sealed('two') } })).map((o) => o.metadata.name), ['one', 'two']);
    assert.throws(() => backend.committed(plan, memoryStore({ sealed: { 'a/one': sealed('one') } })), /1 SealedSecret is missing from \/sealed/);
    assert.deepEqual(backend.materialise(plan, memoryStore()), { secrets: [], warnings: [] });
  });

  it('external-secrets: one ExternalSecret per generated Secret, a store round trip per copy; nothing read from disk', () => {
    const backend = secretsBackend('external-secrets');
    const objects = backend.render(plan, { ...settings, mode: 'external-secrets' });
    assert.deepEqual(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`), ['ExternalSecret a/one', 'ExternalSecret b/two', 'ExternalSecret b/s3', 'PushSecret storage/s3']);
    assert.equal(backend.rendersCopies, true);
    assert.ok(!secretsBackend('files').rendersCopies && !secretsBackend('sealed-secrets').rendersCopies, 'deploy copies in the other modes');
    assert.deepEqual(backend.committed(plan, memoryStore()), []);
    assert.deepEqual(backend.materialise(plan, memoryStore()), { secrets: [], warnings: [] });
    const { store: _store, ...noStore } = settings;
    assert.throws(() => backend.render(plan, { ...noStore, mode: 'external-secrets' }), /secrets.store is not set/);
  });

  it('external-secrets: a copy is pushed from its source namespace and read back in the consumer\'s, keys renamed and fixed values merged', () => {
    const loki: SecretRequirement = {
      name: 'logging-loki-s3',
      namespace: 'logs',
      source: 'copy',
      copyFrom: { namespace: 'storage', name: 's3', keyMap: { access_key_id: 'AWS_ACCESS_KEY_ID', access_key_secret: 'AWS_SECRET_ACCESS_KEY' }, fixedValues: { bucketnames: 'loki' } },
      keys: [{ key: 'bucketnames', kind: 'username', value: 'loki' }, { key: 'access_key_id', kind: 'token' }, { key: 'access_key_secret', kind: 'token' }],
      description: 'LokiStack S3 keys',
      consumers: ['loki'],
    };
    const objects = copyObjects([copy, loki], 'vault');
    // One PushSecret per source, with the union of the keys its copies read.
    const pushes = objects.filter((o) => o.kind === 'PushSecret');
    assert.equal(pushes.length, 1);
    const push = pushes[0]!;
    assert.deepEqual([push.metadata.namespace, push.metadata.name], ['storage', 's3']);
    assert.deepEqual(at(push, 'spec.selector'), { secret: { name: 's3' } });
    assert.deepEqual(at(push, 'spec.secretStoreRefs'), [{ kind: 'ClusterSecretStore', name: 'vault' }]);
    assert.equal(at(push, 'spec.deletionPolicy'), 'None');
    assert.deepEqual((at(push, 'spec.data') as { match: { secretKey: string; remoteRef: unknown } }[]).map((d) => [d.match.secretKey, d.match.remoteRef]), [
      ['AWS_ACCESS_KEY_ID', { remoteKey: 'storage/s3', property: 'AWS_ACCESS_KEY_ID' }],
      ['AWS_SECRET_ACCESS_KEY', { remoteKey: 'storage/s3', property: 'AWS_SECRET_ACCESS_KEY' }],
    ]);
    const external = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'logging-loki-s3')!;
    assert.equal(external.metadata.namespace, 'logs');
    assert.deepEqual(at(external, 'spec.data'), [
      { secretKey: 'access_key_id', remoteRef: { key: 'storage/s3', property: 'AWS_ACCESS_KEY_ID' } },
      { secretKey: 'access_key_secret', remoteRef: { key: 'storage/s3', property: 'AWS_SECRET_ACCESS_KEY' } },
    ]);
    assert.deepEqual(at(external, 'spec.target.template'), { type: 'Opaque', mergePolicy: 'Merge', data: { bucketnames: 'loki' } });
    // A copy of a generated Secret reads the values already in the store: nothing to push.
    const ofGenerated: SecretRequirement = { ...copy, name: 'one-copy', copyFrom: { namespace: 'a', name: 'one' }, keys: [{ key: 'password', kind: 'password' }] };
    const fromGenerated = copyObjects([generated('a', 'one'), ofGenerated], 'vault');
    assert.deepEqual(fromGenerated.map((o) => o.kind), ['ExternalSecret']);
    assert.deepEqual(at(fromGenerated[0], 'spec.data'), [{ secretKey: 'password', remoteRef: { key: 'a/one', property: 'password' } }]);
  });

  it('leaves no secrets.mode branch in the CLI or the derivers: they ask the backend', () => {
    const root = join(import.meta.dirname, '..', '..', '..', 'src');
    const files = [
      ...readdirSync(join(root, 'cli'), { recursive: true, encoding: 'utf8' }).map((f) => join(root, 'cli', f)),
      ...readdirSync(join(root, 'platform', 'derive')).map((f) => join(root, 'platform', 'derive', f)),
    ].filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 10);
    const offenders = files.filter((f) => /secrets\.mode\s*[!=]==|mode\s*[!=]==\s*'(files|sealed-secrets|external-secrets)'/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});

describe('the secrets plan', () => {
  it('plans Secrets only for enabled components: no login, password or copy for a component that is off', () => {
    const off = ['airflow', 'superset', 'keycloak', 'mlflow', 'grafana', 'jupyterhub', 'trino', 'dbt'] as const;
    const platform = platformFor({ profile: 'small', components: Object.fromEntries(off.map((name) => [name, { enabled: false }])) });
    const everything = platformFor({ profile: 'small' });
    for (const name of off) {
      const mentions = platform.secrets.filter((r) => (r.consumers as readonly string[]).includes(name) || r.name.includes(name) || (r.valueGroup ?? '').includes(name));
      assert.deepEqual(mentions.map((r) => `${r.namespace}/${r.name}`), [], name);
      assert.ok(everything.secrets.some((r) => (r.consumers as readonly string[]).includes(name)), `${name} declares Secrets when enabled`);
    }
  });

  it('holds each Secret once, and the generated ones sorted by namespace and name', () => {
    const platform = platformFor({});
    const ids = platform.secrets.map((r) => `${r.namespace}/${r.name}`);
    assert.equal(new Set(ids).size, ids.length);
    const sorted = generatedRequirements(platform.secrets).map((r) => `${r.namespace}/${r.name}`);
    assert.deepEqual(sorted, [...sorted].sort());
  });
});
