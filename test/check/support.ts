import type { KubeObject } from '../../src/model/kube.ts';
import type { Owner, Platform } from '../../src/platform/platform.ts';
import type { Checker } from '../../src/check/checker.ts';
import type { Finding } from '../../src/check/finding.ts';

/** A copy of the platform with one object changed (deep-cloned before `mutate`). */
export function mutated(platform: Platform, pick: (o: KubeObject) => boolean, mutate: (o: KubeObject) => void): Platform {
  let hit = false;
  const objects = platform.objects.map((placed) => {
    if (hit || !pick(placed.object)) return placed;
    hit = true;
    const copy = structuredClone(placed.object);
    mutate(copy);
    return { ...placed, object: copy };
  });
  if (!hit) throw new Error('no object matched the mutation');
  return { ...platform, objects };
}

/** A copy of the platform with extra objects. */
export function withObjects(platform: Platform, extra: readonly KubeObject[], owner: Owner = 'platform'): Platform {
  return { ...platform, objects: [...platform.objects, ...extra.map((object) => ({ object, owner }))] };
}

export function run(checker: Checker, platform: Platform): Finding[] {
  return [...checker.run({ platform })];
}

export function rulesOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

export const isDeployment = (name: string) => (o: KubeObject) => o.kind === 'Deployment' && o.metadata.name === name;
