import type { Platform } from '../platform/platform.ts';
import type { Checker } from './checker.ts';
import { CHECKERS } from './checkers.ts';
import type { Finding, Severity } from './finding.ts';
import { SchemaValidator } from './schema/validator.ts';
import { applySuppressions } from './suppressions.ts';

export interface CheckReport {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly counts: Readonly<Record<Severity, number>> & { readonly suppressed: number };
  /** Failed = an unsuppressed error. */
  readonly ok: boolean;
}

export interface RunChecksOptions {
  /** kubeconform-style schema folders, first match wins. No schema check when empty. */
  readonly schemaDirs?: readonly string[];
  readonly checkers?: readonly Checker[];
  /** Reuse a validator across runs (tests, bench). */
  readonly validator?: SchemaValidator;
}

/** The config's suppressions, then the named exceptions components carry for their own objects. */
export function platformSuppressions(platform: Platform): Parameters<typeof applySuppressions>[1] {
  return [...platform.config.check.suppressions, ...[...platform.components.values()].flatMap((c) => c.build.suppressions ?? [])];
}

/** Runs every offline checker over a platform and applies the config's and the components' suppressions. */
export function runChecks(platform: Platform, options: RunChecksOptions = {}): CheckReport {
  const dirs = options.schemaDirs ?? [];
  const schemas = options.validator ?? (dirs.length > 0 ? new SchemaValidator({ dirs }) : undefined);
  const raw: Finding[] = [];
  for (const checker of options.checkers ?? CHECKERS) {
    raw.push(...checker.run(schemas ? { platform, schemas } : { platform }));
  }
  const findings = applySuppressions(raw, platformSuppressions(platform));
  const counts = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) counts.suppressed++;
    else counts[f.severity]++;
  }
  return { findings, objects: platform.objects.length, counts, ok: counts.error === 0 };
}
