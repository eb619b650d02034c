import type { KubeObject } from '../model/kube.ts';
import { compareObjects } from './order.ts';
import type { Platform } from './platform.ts';

/**
 * The platform with already-sealed SealedSecrets added to its objects (owner `platform`), in the
 * same deterministic order as everything else. Sealing itself needs randomness and the
 * controller's certificate, so it happens in `secrets seal`, never in render.
 */
export function withSealedSecrets(platform: Platform, sealed: readonly KubeObject[]): Platform {
  if (sealed.length === 0) return platform;
  const objects = [...platform.objects, ...sealed.map((object) => ({ owner: 'platform' as const, object }))];
  objects.sort((a, b) => compareObjects(a.object, b.object) || a.owner.localeCompare(b.owner));
  return { ...platform, objects };
}
