import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

type Path = readonly PropertyKey[];

/** `components.nessie.replicas`, `zones[1]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Unwraps optional/default/prefault/nullable wrappers to reach an object schema's shape. */
function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  let current: unknown = schema;
  for (let i = 0; i < 10 && current; i++) {
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return undefined;
    if (def['type'] === 'object') return def['shape'] as Record<string, z.ZodType>;
    current = def['innerType'] ?? def['in'];
  }
  return undefined;
}

/** The schema of the object at `path`, following object shapes only. */
function schemaAt(root: z.ZodType, path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const part of path) {
    const shape = shapeOf(current);
    if (!shape || typeof part !== 'string') return undefined;
    current = shape[part];
  }
  return current;
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part as string];
  }
  return current;
}

/**
 * One line per problem: `path: what was expected, got what`. Unknown keys get a did-you-mean
 * from the keys the schema knows at that place.
 */
export function formatIssues(root: z.ZodType, issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(shapeOf(schemaAt(root, issue.path)) ?? {});
      for (const key of issue.keys) {
        const guess = known.length > 0 ? closest(key, known) : undefined;
        const near = guess !== undefined && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3));
        const where = formatPath([...issue.path, key]);
        lines.push(near ? `${where}: unknown key; did you mean "${guess}"?` : `${where}: unknown key; expected one of ${known.map((k) => `"${k}"`).join(', ')}`);
      }
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      lines.push(...formatUnion(root, issue, input));
      continue;
    }
    const got = valueAt(input, issue.path);
    let message = issue.message;
    if (issue.code === 'invalid_value') message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    else if (issue.code === 'invalid_type' && message.startsWith('Invalid input')) message = `expected ${issue.expected}`;
    lines.push(`${formatPath(issue.path)}: ${message}, got ${describeValue(got)}`);
  }
  return [...new Set(lines)];
}

/**
 * A union's branches report paths relative to the union itself: prefix them with the union's
 * path, and merge branches that each expected one literal (`1 | 3 | 5`) into one line.
 */
function formatUnion(root: z.ZodType, issue: z.core.$ZodIssueInvalidUnion, input: unknown): string[] {
  const nested = issue.errors.flat().map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as z.core.$ZodIssue);
  const literals = nested.filter((inner): inner is z.core.$ZodIssueInvalidValue => inner.code === 'invalid_value' && inner.path.length === issue.path.length);
  if (literals.length === nested.length) {
    const values = literals.flatMap((inner) => inner.values.map((v) => JSON.stringify(v)));
    return [`${formatPath(issue.path)}: expected one of ${[...new Set(values)].join(', ')}, got ${describeValue(valueAt(input, issue.path))}`];
  }
  return formatIssues(root, nested, input);
}
