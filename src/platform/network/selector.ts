import type { Labels } from '../../model/kube.ts';

/** A `metav1.LabelSelector`: every matchLabels pair and every expression must hold. */
export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** Whether `labels` satisfy `selector`, as the API server evaluates it (an empty selector matches everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(labels[requirement.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[requirement.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function sortedLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const key of Object.keys(labels).sort()) out[key] = labels[key]!;
  return out;
}

/** The selector in a canonical form (sorted keys and values), as rendered into manifests. */
export function canonicalSelector(selector: LabelSelector): LabelSelector {
  const out: { matchLabels?: Labels; matchExpressions?: LabelSelectorRequirement[] } = {};
  if (selector.matchLabels !== undefined && Object.keys(selector.matchLabels).length > 0) out.matchLabels = sortedLabels(selector.matchLabels);
  if (selector.matchExpressions !== undefined && selector.matchExpressions.length > 0) {
    out.matchExpressions = [...selector.matchExpressions]
      .map((r) => (r.values === undefined ? { key: r.key, operator: r.operator } : { key: r.key, operator: r.operator, values: [...r.values].sort() }))
      .sort((a, b) => a.key.localeCompare(b.key) || a.operator.localeCompare(b.operator));
  }
  return out;
}

/** A stable string for grouping and comparing selectors. */
export function selectorKey(selector: LabelSelector): string {
  return JSON.stringify(canonicalSelector(selector));
}

/** `k=v,k2=v2` for humans. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(canonicalSelector(selector).matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of canonicalSelector(selector).matchExpressions ?? []) {
    parts.push(`${r.key} ${r.operator}${r.values ? ` (${r.values.join(',')})` : ''}`);
  }
  return parts.length === 0 ? '(all pods)' : parts.join(',');
}
