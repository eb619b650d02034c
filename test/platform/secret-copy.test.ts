import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copiedSecretData, describeCopyShape } from '../../src/platform/secret-copy.ts';
import { listSecrets } from '../../src/secrets/list.ts';
import type { SecretRequirement } from '../../src/model/secret.ts';
import { tempDir } from '../support/temp.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const source = { AWS_ACCESS_KEY_ID: b64('AKIA'), AWS_SECRET_ACCESS_KEY: b64('s3cr3t'), EXTRA: b64('other') };

describe('copying a Secret', () => {
  it('copies every key unchanged when the copy has no key map', () => {
    assert.deepEqual(copiedSecretData(source, {}), { data: source, missing: [] });
    assert.deepEqual(copiedSecretData(undefined, {}), { data: {}, missing: [] });
  });

  it('keeps only the mapped keys under their new names and adds the fixed values base64-encoded', () => {
    const { data, missing } = copiedSecretData(source, {
      keyMap: { access_key_id: 'AWS_ACCESS_KEY_ID', access_key_secret: 'AWS_SECRET_ACCESS_KEY' },
      fixedValues: { bucketnames: 'datalyptica-apps', region: 'us-east-1' },
    });
    assert.deepEqual(missing, []);
    assert.deepEqual(Object.keys(data).sort(), ['access_key_id', 'access_key_secret', 'bucketnames', 'region']);
    assert.equal(data['access_key_id'], source.AWS_ACCESS_KEY_ID);
    assert.equal(data['access_key_secret'], source.AWS_SECRET_ACCESS_KEY);
    assert.equal(Buffer.from(data['bucketnames']!, 'base64').toString('utf8'), 'datalyptica-apps');
    assert.ok(!('EXTRA' in data) && !('AWS_ACCESS_KEY_ID' in data), 'unmapped source keys are not copied');
  });

  it('names the mapped source keys the source Secret lacks', () => {
    const { missing } = copiedSecretData({ AWS_ACCESS_KEY_ID: b64('AKIA') }, { keyMap: { access_key_id: 'AWS_ACCESS_KEY_ID', access_key_secret: 'AWS_SECRET_ACCESS_KEY' } });
    assert.deepEqual(missing, ['AWS_SECRET_ACCESS_KEY']);
  });

  it('shows the key map and fixed keys, never the fixed values, in `secrets list`', () => {
    const copy: SecretRequirement = {
      name: 'logging-loki-s3',
      namespace: 'openshift-logging',
      source: 'copy',
      copyFrom: { namespace: 'sys', name: 's3', keyMap: { access_key_id: 'AK' }, fixedValues: { endpoint: 'https://s3.example' } },
      keys: [{ key: 'access_key_id', kind: 'token' }, { key: 'endpoint', kind: 'username' }],
      description: 'd',
      consumers: ['loki'],
    };
    assert.equal(describeCopyShape(copy.copyFrom!), 'access_key_id←AK, endpoint (fixed)');
    assert.equal(describeCopyShape({}), undefined);
    const [row] = listSecrets([copy], tempDir('datalyptica-list-'));
    assert.equal(row?.copyFrom, 'sys/s3');
    assert.equal(row?.copyShape, 'access_key_id←AK, endpoint (fixed)');
  });
});
