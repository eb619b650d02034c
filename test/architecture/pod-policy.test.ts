import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');

/**
 * Fields of a pod (or of an operator's pod template, under the operator's own name) that only the
 * platform's pod policy (src/platform/pod-policy.ts) writes: a component assigns them from the
 * policy, never from a literal.
 */
const POLICY_FIELDS = new Set([
  'securityContext',
  'podSecurityContext',
  'containerSecurityContext',
  'affinity',
  'topologySpreadConstraints',
  'tolerations',
  'imagePullSecrets',
]);

/** Keys that exist only inside a security context or an affinity: a literal of one is hand-written hardening. */
const HARDENING_KEYS = new Set(['runAsNonRoot', 'allowPrivilegeEscalation', 'seccompProfile', 'podAntiAffinity', 'podAffinityTerm', 'whenUnsatisfiable', 'privileged']);

/** Low-level helpers a component must not call: they bypass the one policy. */
const PLATFORM_ONLY = new Set(['restrictedContainerSecurityContext', 'restrictedPodSecurityContext', 'antiAffinity', 'zoneSpread']);

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function keyName(name: ts.PropertyName | ts.Expression): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function isLiteral(node: ts.Expression): boolean {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  return ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner);
}

/** Every hand-written hardening or scheduling literal in a source text, as `file:line: what`. */
export function hardeningLiterals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const key = keyName(node.name);
      if (key !== undefined && POLICY_FIELDS.has(key) && isLiteral(node.initializer)) report(node, `${key} written as a literal`);
      if (key !== undefined && HARDENING_KEYS.has(key)) report(node, `${key} written by hand`);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isLiteral(node.right)) {
      const target = node.left;
      const key = ts.isElementAccessExpression(target) ? keyName(target.argumentExpression) : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
      if (key !== undefined && POLICY_FIELDS.has(key)) report(node, `${key} assigned a literal`);
    }
    if (ts.isImportDeclaration(node) && node.importClause?.namedBindings && ts.isNamedImports(node.importClause.namedBindings)) {
      for (const element of node.importClause.namedBindings.elements) {
        const imported = (element.propertyName ?? element.name).text;
        if (PLATFORM_ONLY.has(imported)) report(element, `imports ${imported} (use podPolicy())`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('pod hardening and scheduling', () => {
  it('are written by the platform pod policy only: no component has a literal of its own', () => {
    const dir = join(root, 'src/components');
    const found = typescriptFiles(dir).flatMap((path) => hardeningLiterals(relative(root, path), readFileSync(path, 'utf8')));
    assert.deepEqual(found, []);
  });

  it('catches a literal securityContext, an assigned affinity, a hand-written seccomp profile and a low-level import', () => {
    const text = [
      "import { antiAffinity } from '../../platform/pod-policy.ts';",
      'const pod = { securityContext: { runAsUser: 1 }, containers: [] };',
      "pod['affinity'] = { nodeAffinity: {} };",
      "const context = { seccompProfile: { type: 'RuntimeDefault' } };",
      'const fine = { securityContext: policy.securityContext, ...policy.scheduling };',
    ].join('\n');
    assert.deepEqual(hardeningLiterals('x.ts', text), [
      'x.ts:1: imports antiAffinity (use podPolicy())',
      'x.ts:2: securityContext written as a literal',
      'x.ts:3: affinity assigned a literal',
      'x.ts:4: seccompProfile written by hand',
    ]);
  });
});
