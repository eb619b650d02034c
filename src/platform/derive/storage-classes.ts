import { STORAGE_TIERS } from '../../model/names.ts';
import type { Deriver, PlacedObject } from '../platform.ts';
import { platformLabels } from './platform-labels.ts';

/**
 * StorageClasses when `storage.create` is true. The seed's in-tree `kubernetes.io/aws-ebs`
 * provisioner no longer exists (removed in Kubernetes 1.27); the CSI driver is the default.
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
 */
const DEFAULT_PROVISIONER = {
  fast: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'io2', iopsPerGB: '50', encrypted: 'true' } },
  standard: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' } },
  shared: { provisioner: 'efs.csi.aws.com', parameters: { provisioningMode: 'efs-ap', directoryPerms: '700' } },
} as const;

export const deriveStorageClasses: Deriver = (draft) => {
  if (!draft.config.storage.create) return [];
  const out: PlacedObject[] = [];
  for (const tier of STORAGE_TIERS) {
    const spec = draft.config.storage.classes[tier];
    if (spec === undefined) continue;
    const fallback = DEFAULT_PROVISIONER[tier];
    out.push({
      owner: 'platform',
      object: {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: spec.name, labels: platformLabels(draft.config, 'storage') },
        provisioner: spec.provisioner ?? fallback.provisioner,
        parameters: { ...(spec.parameters ?? fallback.parameters) },
        reclaimPolicy: spec.reclaimPolicy ?? (tier === 'shared' ? 'Retain' : 'Delete'),
        volumeBindingMode: spec.volumeBindingMode ?? (tier === 'shared' ? 'Immediate' : 'WaitForFirstConsumer'),
        allowVolumeExpansion: spec.allowVolumeExpansion ?? true,
      },
    });
  }
  return out;
};
