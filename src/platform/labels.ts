import type { Labels } from '../model/kube.ts';

/** Keys of the recommended labels. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */
export const LABEL = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
  platform: 'platform',
} as const;

export const PART_OF = 'datalyptica';
export const MANAGED_BY = 'datalyptica';

/** Label values are at most 63 characters of `[A-Za-z0-9_.-]`, starting and ending alphanumeric. */
export function labelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

export interface StandardLabelsInput {
  readonly component: string;
  readonly instance: string;
  readonly version: string;
  /** Role inside the component (`coordinator`, `worker`); the component name when absent. */
  readonly role?: string;
}

/** The full label set every object carries (R-NS-16: `platform=datalyptica`). */
export function standardLabels(input: StandardLabelsInput): Labels {
  return {
    [LABEL.name]: input.component,
    [LABEL.instance]: input.instance,
    [LABEL.component]: input.role ?? input.component,
    [LABEL.partOf]: PART_OF,
    [LABEL.managedBy]: MANAGED_BY,
    [LABEL.version]: labelValue(input.version),
    [LABEL.platform]: PART_OF,
  };
}

/**
 * The immutable subset used in selectors: never the version (a selector that changes on upgrade
 * would orphan pods), never managed-by.
 */
export function selectorLabels(component: string, role?: string): Labels {
  return role === undefined ? { [LABEL.name]: component } : { [LABEL.name]: component, [LABEL.component]: role };
}
