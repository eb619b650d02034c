/**
 * Adapts a kubeconform/CRD-catalog JSON Schema to Ajv 8, following the notes in the schema
 * set's README: drop `$schema`, turn OpenAPI `nullable` into a `null` type, let
 * `x-kubernetes-preserve-unknown-fields` win over `additionalProperties: false`, and translate
 * Go RE2 inline flags that JavaScript lacks.
 */
export function prepareSchema(schema: unknown): unknown {
  const root = walk(schema);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return root;
  const record = root as Record<string, unknown>;
  delete record['$schema'];
  return shareRepeatedSubschemas(record);
}

/** Subschemas shorter than this (as JSON) are cheaper inlined than called. */
const SHARE_MIN_CHARS = 400;

/**
 * The kubeconform schema set and the CRD catalog inline every definition, so a Deployment's schema
 * holds the container schema several times and a Strimzi `Kafka` its pod template for every
 * component. Each repeated subschema moves into `$defs` once and is referenced from where it was,
 * so Ajv (with `inlineRefs: false`) generates one function for it instead of one copy per place:
 * the generated validators shrink, load faster and use less memory. What they accept is unchanged.
 * @see https://ajv.js.org/options.html#inlinerefs
 */
export function shareRepeatedSubschemas(root: Record<string, unknown>): Record<string, unknown> {
  const keys = new Map<object, string>();
  const counts = new Map<string, number>();
  const keyOf = (node: unknown): string => {
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    let key = keys.get(node);
    if (key === undefined) {
      key = Array.isArray(node)
        ? `[${node.map(keyOf).join(',')}]`
        : `{${Object.entries(node).map(([k, v]) => `${JSON.stringify(k)}:${keyOf(v)}`).join(',')}}`;
      keys.set(node, key);
    }
    if (!Array.isArray(node) && key.length >= SHARE_MIN_CHARS) counts.set(key, (counts.get(key) ?? 0) + 1);
    return key;
  };
  keyOf(root);
  const names = new Map<string, string>();
  const defs: Record<string, unknown> = {};
  const share = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(share);
    const key = keys.get(node) ?? '';
    if ((counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (name === undefined) {
        name = `shared${names.size}`;
        names.set(key, name);
        defs[name] = shareChildren(node as Record<string, unknown>);
      }
      return { $ref: `#/$defs/${name}` };
    }
    return shareChildren(node as Record<string, unknown>);
  };
  // Only values in schema positions are shared: an `enum`, `default` or `example` value is data.
  const shareChildren = (node: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = SCHEMA_MAP_KEYWORDS.has(k) ? shareMap(v) : SCHEMA_KEYWORDS.has(k) ? share(v) : v;
    }
    return out;
  };
  const shareMap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, share(v)]));
  };
  const shared = shareChildren(root);
  if (names.size === 0) return root;
  const existing = shared['$defs'];
  shared['$defs'] = { ...(existing !== null && typeof existing === 'object' ? existing : {}), ...defs };
  return shared;
}

/** Keywords whose value is a schema or an array of schemas. */
const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems']);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

function walk(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(walk);
  if (node === null || typeof node !== 'object') return node;
  const input = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[key] = walk(value);
  if (out['nullable'] === true) {
    const type = out['type'];
    if (typeof type === 'string') out['type'] = [type, 'null'];
    else if (Array.isArray(type) && !type.includes('null')) out['type'] = [...type, 'null'];
    delete out['nullable'];
  }
  if (out['x-kubernetes-preserve-unknown-fields'] === true && out['additionalProperties'] === false) {
    delete out['additionalProperties'];
  }
  if (typeof out['pattern'] === 'string') out['pattern'] = translatePattern(out['pattern']);
  return out;
}

/** Rewrites letters as `[aA]` classes (outside escapes and existing classes). */
function caseless(text: string): string {
  return text.replace(/\\.|\[(?:\\.|[^\]])*\]|[a-zA-Z]/g, (m) =>
    m.length === 1 && /[a-zA-Z]/.test(m) ? `[${m.toLowerCase()}${m.toUpperCase()}]` : m,
  );
}

/** Index of the `)` closing the group whose body starts at `from`, honouring escapes and classes. */
function closingParen(pattern: string, from: number): number {
  let depth = 1;
  for (let i = from; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Go RE2 → JavaScript: `(?i)` at the start and `(?i:...)` groups (which JavaScript lacks) become
 * explicit `[aA]` character classes. Everything else in these schemas means the same in both.
 */
export function translatePattern(pattern: string): string {
  let out = pattern;
  for (let at = out.indexOf('(?i:'); at >= 0; at = out.indexOf('(?i:')) {
    const end = closingParen(out, at + 4);
    if (end < 0) break;
    out = `${out.slice(0, at)}(?:${caseless(out.slice(at + 4, end))})${out.slice(end + 1)}`;
  }
  // A bare `(?i)` applies to the rest of its enclosing group (or the whole pattern).
  for (let at = out.indexOf('(?i)'); at >= 0; at = out.indexOf('(?i)')) {
    const close = closingParen(out, at + 4);
    const end = close < 0 ? out.length : close;
    out = `${out.slice(0, at)}${caseless(out.slice(at + 4, end))}${out.slice(end)}`;
  }
  return out;
}
