import type { ResolvedConfig } from '../config/schema.ts';
import type { Finding } from './finding.ts';

type Suppression = ResolvedConfig['check']['suppressions'][number];

/** `Kind/name` or `Kind/name@namespace`; absent matches every object. */
function matchesObject(pattern: string | undefined, finding: Finding): boolean {
  if (pattern === undefined) return true;
  if (!finding.object) return false;
  const [kindName, namespace] = pattern.split('@');
  const [kind, name] = (kindName ?? '').split('/');
  if (kind !== finding.object.kind) return false;
  if (name !== undefined && name !== '*' && name !== finding.object.name) return false;
  return namespace === undefined || namespace === finding.object.namespace;
}

/** Marks findings a config suppression covers; the reason travels with the finding. Pure. */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Finding[] {
  return findings.map((finding) => {
    const hit = suppressions.find((s) => s.rule === finding.rule && matchesObject(s.object, finding));
    return hit ? { ...finding, suppressed: { reason: hit.reason } } : finding;
  });
}
