import { refOf } from '../../model/kube.ts';
import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';

export const SCHEMA_RULES = {
  invalid: 'DL-SCHEMA-001',
  noSchema: 'DL-SCHEMA-002',
} as const;

/**
 * Every rendered object against its JSON Schema. An object with no schema is reported as an
 * error too: the default platform must be fully covered, and a kind nobody can check is a
 * kind nobody reviewed.
 */
export const schemaChecker: Checker = {
  id: 'schema',
  title: 'JSON Schema',
  run({ platform, schemas }) {
    if (!schemas) return [];
    const findings: Finding[] = [];
    for (const { object } of platform.objects) {
      const result = schemas.validate(object);
      if (result.status === 'noschema') {
        findings.push({
          rule: SCHEMA_RULES.noSchema,
          severity: 'error',
          object: refOf(object),
          message: `no schema for ${object.apiVersion} ${object.kind} in ${schemas.dirs.join(', ')}`,
        });
      }
      for (const error of result.errors) {
        findings.push({ rule: SCHEMA_RULES.invalid, severity: 'error', object: refOf(object), path: error.path, message: error.message });
      }
    }
    return findings;
  },
};
