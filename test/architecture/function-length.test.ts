import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');

/** Longest function body in `src/components`, in lines from its opening to its closing brace. */
export const MAX_FUNCTION_LINES = 80;

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name !== undefined) return parent.name.getText(source);
  return `(anonymous at line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`;
}

/** Every function (declaration, method, arrow, expression) whose body is longer than `max` lines, as `file: name (n lines)`. */
export function longFunctions(file: string, text: string, max: number): { readonly key: string; readonly lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { key: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const body = node.body as ts.Node;
      const first = source.getLineAndCharacterOfPosition(body.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(body.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ key: `${file}: ${functionName(node as ts.FunctionLikeDeclaration, source)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('functions in src/components', () => {
  it(`are at most ${MAX_FUNCTION_LINES} lines long (split a long build() into objects / network / checks functions)`, () => {
    const dir = join(root, 'src/components');
    const found = typescriptFiles(dir).flatMap((path) => longFunctions(relative(root, path), readFileSync(path, 'utf8'), MAX_FUNCTION_LINES));
    assert.deepEqual(
      found.map((f) => `${f.key} (${f.lines} lines)`),
      [],
    );
  });

  it('are measured from the body, arrow functions and methods included', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    const text = `function long() {\n${body}\n}\nconst arrow = () => {\n${body}\n};\nconst short = () => 1;\nclass C { method() {\n${body}\n} }\n`;
    assert.deepEqual(longFunctions('x.ts', text, 6).map((f) => f.key), ['x.ts: long', 'x.ts: arrow', 'x.ts: method']);
    assert.deepEqual(longFunctions('x.ts', text, 7), []);
  });
});
