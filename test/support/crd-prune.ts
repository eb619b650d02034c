import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const CRDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'crds');

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
};

/** The structural schema of one served version of an upstream CRD in ../shared/crds. */
export function crdSchema(group: string, plural: string, version: string): Schema {
  const crd = parse(readFileSync(join(CRDS, group, `${plural}.${group}.yaml`), 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
  const served = crd.spec.versions.find((v) => v.name === version);
  if (!served) throw new Error(`${plural}.${group} serves no ${version}`);
  return served.schema.openAPIV3Schema;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/**
 * What the API server would prune or reject: fields the structural schema does not declare
 * (server-side apply with `--validate=strict` refuses them), wrong types and missing required
 * fields. Empty when the object round-trips unchanged.
 */
export function pruneProblems(value: unknown, schema: Schema, path = ''): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true && schema.properties === undefined) return [];
  if (schema['x-kubernetes-int-or-string'] === true) return typeof value === 'string' || Number.isInteger(value) ? [] : [`${path}: not an int-or-string`];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) return [`${path}: ${actual}, the schema wants ${schema.type}`];
  }
  const problems: string[] = [];
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((item, i) => problems.push(...pruneProblems(item, schema.items!, `${path}[${i}]`)));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${path}.${key}: required`);
    for (const [key, child] of Object.entries(object)) {
      // The API server fills the root's apiVersion, kind and metadata for every CRD.
      if (path === '' && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
      const declared = schema.properties?.[key];
      if (declared) problems.push(...pruneProblems(child, declared, `${path}.${key}`));
      else if (typeof schema.additionalProperties === 'object') problems.push(...pruneProblems(child, schema.additionalProperties, `${path}.${key}`));
      else if (schema.additionalProperties !== true && schema['x-kubernetes-preserve-unknown-fields'] !== true) problems.push(`${path}.${key}: not in the schema (pruned)`);
    }
  }
  return problems;
}
