import type { ObjectRef } from '../../model/kube.ts';
import type { Finding, Severity } from '../finding.ts';

/**
 * What a rule is, for humans and for SARIF: a stable id, a default severity, a one-line title,
 * why it matters and how to fix it (kube-linter and Polaris style).
 */
export interface RuleMeta {
  /** `DL-SEC-nnn`, `DL-HA-nnn`, `DL-CAP-nnn`. */
  readonly id: string;
  /** Short kebab-case name (`run-as-non-root`), as kube-linter names its checks. */
  readonly name: string;
  readonly severity: Severity;
  readonly title: string;
  readonly rationale: string;
  readonly remediation: string;
  /** Upstream documentation of the requirement. */
  readonly helpUri?: string;
}

/** A finding for `rule` with its default severity (or an explicit one). */
export function findingOf(
  rule: RuleMeta,
  input: { message: string; object?: ObjectRef; path?: string; severity?: Severity },
): Finding {
  const finding: { rule: string; severity: Severity; message: string; object?: ObjectRef; path?: string } = {
    rule: rule.id,
    severity: input.severity ?? rule.severity,
    message: input.message,
  };
  if (input.object) finding.object = input.object;
  if (input.path !== undefined) finding.path = input.path;
  return finding;
}

/** Builds an id-keyed catalogue and refuses duplicate ids at module load. */
export function catalogue<const T extends Record<string, RuleMeta>>(rules: T): T {
  const seen = new Set<string>();
  for (const rule of Object.values(rules)) {
    if (seen.has(rule.id)) throw new Error(`duplicate rule id ${rule.id}`);
    seen.add(rule.id);
  }
  return rules;
}
