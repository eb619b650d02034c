import { groupOf, type KubeObject } from '../model/kube.ts';
import type { ReadinessRule } from './readiness.ts';

/**
 * What the platform knows about one Kubernetes kind, in one place: deploy, status, validate,
 * uninstall and the catalogue test all read these entries instead of keeping their own lists.
 */
export interface KindEntry {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  /** How deploy and status decide an observed object is ready; absent = ready once applied. */
  readonly readiness?: ReadinessRule;
  /** Deploy waits for it before the next step (a kind with a rule that is not "the platform is up" says false). @default readiness !== undefined */
  readonly waited?: boolean;
  /** `validate` checks it through its status: an operator resource that says whether what it describes runs. @default false */
  readonly validated?: boolean;
  /** Deleting this object deletes data (volumes, buckets, databases): uninstall keeps it unless told to purge. @default never */
  readonly holdsData?: (object: KubeObject) => boolean;
  /** Lives outside any namespace. @default false */
  readonly clusterScoped?: boolean;
}

/** `group/Kind`, the catalogue's key (`/PersistentVolumeClaim` for the core group). */
export function kindKey(object: { readonly apiVersion: string; readonly kind: string }): string {
  return `${groupOf(object.apiVersion)}/${object.kind}`;
}

/** Shorthand for entries of one API group. */
export function kindsOf(group: string, entries: readonly Omit<KindEntry, 'group'>[]): readonly KindEntry[] {
  return entries.map((entry) => ({ group, ...entry }));
}

/** Always true: for kinds whose deletion always takes data with it. */
export const always = (): boolean => true;
