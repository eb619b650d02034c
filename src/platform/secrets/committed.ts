import type { KubeObject } from '../../model/kube.ts';
import { compareObjects } from '../order.ts';
import type { Platform } from '../platform.ts';

/**
 * The platform with the objects its secrets backend keeps in Git next to the render (already
 * sealed SealedSecrets, `SecretsBackend.committed`) added to its objects (owner `platform`), in the
 * same deterministic order as everything else. Sealing itself needs randomness and the
 * controller's certificate, so it happens in `secrets seal`, never in render.
 */
export function withCommittedSecrets(platform: Platform, committed: readonly KubeObject[]): Platform {
  if (committed.length === 0) return platform;
  const objects = [...platform.objects, ...committed.map((object) => ({ owner: 'platform' as const, object }))];
  objects.sort((a, b) => compareObjects(a.object, b.object) || a.owner.localeCompare(b.owner));
  return { ...platform, objects };
}

/** @deprecated the same as {@link withCommittedSecrets}, under its name before every secrets mode shared one interface. */
export const withSealedSecrets = withCommittedSecrets;
