import type { CheckReport } from './run.ts';
import type { Finding, Severity } from './finding.ts';
import { formatFinding } from './finding.ts';
import { CAP_RULES } from './capacity/rules.ts';
import { HA_RULES } from './ha/rules.ts';
import type { RuleMeta } from './policy/rule.ts';
import { OBJ_RULES, SEC_RULES } from './policy/rules.ts';
import { SCHEMA_RULES } from './schema/schema-checker.ts';
import { UPS_RULES } from './upstream/rules.ts';

/** Rules that live outside the policy/HA/capacity catalogues. */
const OTHER_RULES: readonly RuleMeta[] = [
  {
    id: SCHEMA_RULES.invalid,
    name: 'schema-valid',
    severity: 'error',
    title: 'Every object validates against its JSON Schema',
    rationale: 'The API server (or the operator\'s CRD) rejects objects with unknown or mistyped fields.',
    remediation: 'Fix the field named in the finding.',
  },
  {
    id: SCHEMA_RULES.noSchema,
    name: 'schema-known',
    severity: 'error',
    title: 'Every rendered kind has a schema',
    rationale: 'A kind nobody can check is a kind nobody reviewed.',
    remediation: 'Add the CRD schema to the schema folders passed with --schemas.',
  },
  {
    id: SCHEMA_RULES.unavailable,
    name: 'schema-fetched',
    severity: 'error',
    title: 'Schema validation ran for every kind',
    rationale: 'Offline with no cached copy, the objects of this kind were not validated; "0 errors" would not be true.',
    remediation: 'Run once online to fill the cache, pass --schemas with a local folder or reachable URL template, or --skip-schemas.',
  },
  {
    id: 'DL-COMP-001',
    name: 'component-warning',
    severity: 'warning',
    title: 'A component flagged a problem while building',
    rationale: 'Components report choices that work but need attention (e.g. MinIO community edition).',
    remediation: 'Read the message and change the component\'s options.',
  },
];

/** Every rule `check` can report, by id. */
export const ALL_RULES: readonly RuleMeta[] = [...SEC_RULES, ...OBJ_RULES, ...HA_RULES, ...CAP_RULES, ...UPS_RULES, ...OTHER_RULES];

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Where a finding sits: the object as a logical location (the render tree path is the writer's business). */
function locationOf(finding: Finding): Record<string, unknown>[] {
  if (!finding.object) return [];
  const o = finding.object;
  const fullyQualifiedName = `${o.namespace ?? '_cluster'}/${o.kind}/${o.name}${finding.path ? `#${finding.path}` : ''}`;
  return [{ logicalLocations: [{ name: o.name, kind: 'resource', fullyQualifiedName }] }];
}

/**
 * A SARIF 2.1.0 log: one run, the rule metadata for every rule that fired (plus the ones in the
 * catalogue, so code-scanning UIs show rule help), results with levels, logical locations and
 * suppressions with their justification.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function toSarif(report: CheckReport, options: { toolVersion?: string } = {}): Record<string, unknown> {
  const known = new Map(ALL_RULES.map((r) => [r.id, r] as const));
  const ids = [...new Set([...ALL_RULES.map((r) => r.id), ...report.findings.map((f) => f.rule)])].sort();
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const rules = ids.map((id) => {
    const meta = known.get(id);
    if (!meta) return { id };
    return {
      id,
      name: meta.name,
      shortDescription: { text: meta.title },
      fullDescription: { text: meta.rationale },
      help: { text: meta.remediation, markdown: `**Why:** ${meta.rationale}\n\n**Fix:** ${meta.remediation}` },
      ...(meta.helpUri ? { helpUri: meta.helpUri } : {}),
      defaultConfiguration: { level: LEVEL[meta.severity] },
      properties: { tags: [id.split('-')[1]?.toLowerCase() ?? 'check'] },
    };
  });
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule)!,
    level: LEVEL[f.severity],
    message: { text: formatFinding(f) },
    locations: locationOf(f),
    ...(f.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppressed.reason }] } : {}),
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'datalyptica',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            informationUri: 'https://github.com/datalyptica/datalyptica',
            rules,
          },
        },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}
