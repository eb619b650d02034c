import { selectorMatches as apiSelectorMatches, type LabelSelector, type LabelSelectorRequirement } from '../../platform/network/selector.ts';

type Json = Record<string, unknown>;

const OPERATORS = new Set<LabelSelectorRequirement['operator']>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A selector read from a rendered manifest, or undefined when it is malformed. */
function parseSelector(selector: unknown): LabelSelector | undefined {
  const s = obj(selector);
  if (!s) return undefined;
  const matchLabels: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj(s['matchLabels']) ?? {})) matchLabels[key] = String(value);
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const raw of Array.isArray(s['matchExpressions']) ? s['matchExpressions'] : []) {
    const e = obj(raw) ?? {};
    const operator = e['operator'] as LabelSelectorRequirement['operator'];
    if (!OPERATORS.has(operator)) return undefined;
    matchExpressions.push({ key: String(e['key']), operator, values: Array.isArray(e['values']) ? e['values'].map(String) : [] });
  }
  return { matchLabels, matchExpressions };
}

/**
 * Whether a label selector in a manifest selects `labels`, evaluated as the API server does. An
 * empty, absent or malformed selector selects nothing here: a PDB or affinity term without one is
 * a bug this checker reports, not a wildcard.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const parsed = parseSelector(selector);
  if (!parsed || (Object.keys(parsed.matchLabels ?? {}).length === 0 && (parsed.matchExpressions ?? []).length === 0)) return false;
  return apiSelectorMatches(parsed, labels);
}
