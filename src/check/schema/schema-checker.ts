import { refOf } from '../../model/kube.ts';
import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';

export const SCHEMA_RULES = {
  invalid: 'DL-SCHEMA-001',
  noSchema: 'DL-SCHEMA-002',
  unavailable: 'DL-SCHEMA-003',
} as const;

/**
 * Every rendered object against its JSON Schema. An object with no schema is reported as an
 * error too: the default platform must be fully covered, and a kind nobody can check is a
 * kind nobody reviewed. A kind whose schema could not be downloaded (offline, no cache) is an
 * error as well (DL-SCHEMA-003): validation did not run, and saying "0 errors" would be a lie.
 */
export const schemaChecker: Checker = {
  id: 'schema',
  title: 'JSON Schema',
  run({ platform, schemas }) {
    if (!schemas) return [];
    const findings: Finding[] = [];
    // One finding per kind whose schema could not be fetched: the objects were not validated.
    const unavailable = new Map<string, { count: number; first: Finding }>();
    for (const { object } of platform.objects) {
      const result = schemas.validate(object);
      if (result.status === 'unavailable') {
        const key = `${object.apiVersion} ${object.kind}`;
        const seen = unavailable.get(key);
        if (seen) seen.count++;
        else {
          const message = `schema validation did not run for ${key}: not in the cache and could not fetch ${(result.unreachable ?? []).join(', ')}`;
          unavailable.set(key, { count: 1, first: { rule: SCHEMA_RULES.unavailable, severity: 'error', object: refOf(object), message } });
        }
      }
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
    for (const { count, first } of unavailable.values()) {
      findings.push(count === 1 ? first : { ...first, message: `${first.message} (${count} objects of this kind unchecked)` });
    }
    return findings;
  },
};
