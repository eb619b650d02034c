import type { ObjectRef } from '../model/kube.ts';
import { describeRef } from '../model/kube.ts';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One result of an offline check. */
export interface Finding {
  /** Stable rule id, e.g. `DL-SCHEMA-001`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly object?: ObjectRef;
  /** JSON-pointer-like path inside the object (`/spec/replicas`). */
  readonly path?: string;
  /** Set when a config suppression matched; the finding no longer fails the check. */
  readonly suppressed?: { readonly reason: string };
}

/** `kind/name (namespace): path: message`, the line format of `datalyptica check`. */
export function formatFinding(finding: Finding): string {
  const where = finding.object ? describeRef(finding.object) : 'platform';
  const path = finding.path ? `${finding.path}: ` : '';
  return `${where}: ${path}${finding.message}`;
}
