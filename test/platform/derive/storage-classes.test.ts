import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { at, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';

describe('StorageClasses', () => {
  it('are not rendered by default: the cluster default class serves every PVC', () => {
    const platform = platformFor();
    assert.equal(platform.objects.filter((p) => p.object.kind === 'StorageClass').length, 0);
  });

  it('are rendered with CSI provisioners and the seed parameters when storage.create is set', () => {
    const platform = platformFor({
      storage: {
        create: true,
        classes: { fast: { name: 'datalyptica-fast-ssd' }, standard: { name: 'datalyptica-standard' }, shared: { name: 'datalyptica-shared', provisioner: 'nfs.csi.k8s.io', parameters: { server: 'nfs.local' } } },
      },
    });
    const classes = objectsOf(platform, 'platform').filter((o) => o.kind === 'StorageClass');
    assert.deepEqual(classes.map((c) => c.metadata.name).sort(), ['datalyptica-fast-ssd', 'datalyptica-shared', 'datalyptica-standard']);
    const fast = classes.find((c) => c.metadata.name === 'datalyptica-fast-ssd')!;
    assert.equal(fast['provisioner'], 'ebs.csi.aws.com', 'the in-tree kubernetes.io/aws-ebs provisioner is gone since 1.27');
    assert.deepEqual(fast['parameters'], { type: 'io2', iopsPerGB: '50', encrypted: 'true' });
    assert.equal(fast['volumeBindingMode'], 'WaitForFirstConsumer');
    const shared = classes.find((c) => c.metadata.name === 'datalyptica-shared')!;
    assert.equal(shared['provisioner'], 'nfs.csi.k8s.io');
    assert.equal(shared['reclaimPolicy'], 'Retain');
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const c of classes) assert.equal(validator.validate(c).status, 'valid');
  });

  it('are what the PVCs of stateful components ask for', () => {
    const platform = platformFor({ storage: { classes: { fast: { name: 'fast-x' } } } });
    const cluster = platform.objects.find((p) => p.object.kind === 'Cluster' && p.owner === 'postgres')!.object;
    assert.equal(at(cluster, 'spec.storage.storageClass'), 'fast-x');
  });
});
