/**
 * Adapts a kubeconform/CRD-catalog JSON Schema to Ajv 8, following the notes in the schema
 * set's README: drop `$schema`, turn OpenAPI `nullable` into a `null` type, let
 * `x-kubernetes-preserve-unknown-fields` win over `additionalProperties: false`, and translate
 * Go RE2 inline flags that JavaScript lacks.
 */
export function prepareSchema(schema: unknown): unknown {
  const root = walk(schema);
  if (root && typeof root === 'object' && !Array.isArray(root)) delete (root as Record<string, unknown>)['$schema'];
  return root;
}

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
