import { createHash } from 'node:crypto';
import type { KubeObject } from '../model/kube.ts';

/** Annotation holding the checksum of the config deploy last applied; equal means "nothing to do". */
export const CHECKSUM_ANNOTATION = 'datalyptica.io/applied-checksum';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** sha256 of the object's canonical JSON, without the checksum annotation itself. Pure. */
export function appliedChecksum(object: KubeObject): string {
  const annotations = { ...(object.metadata.annotations ?? {}) };
  delete annotations[CHECKSUM_ANNOTATION];
  const bare = { ...object, metadata: { ...object.metadata, annotations } };
  return createHash('sha256').update(JSON.stringify(canonical(bare))).digest('hex').slice(0, 32);
}

/** The object with its checksum annotation set. Pure. */
export function withChecksum(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, annotations: { ...(object.metadata.annotations ?? {}), [CHECKSUM_ANNOTATION]: appliedChecksum(object) } } };
}

/** Whether the live object carries the checksum of this desired object. Pure. */
export function alreadyApplied(desired: KubeObject, live: KubeObject | undefined): boolean {
  return live?.metadata.annotations?.[CHECKSUM_ANNOTATION] === appliedChecksum(desired);
}
