import { groupOf, type KubeObject } from '../../model/kube.ts';

/** A parsed manifest's JSON, read defensively: user input can have any shape. */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The object is `kind` of API group `group` (any version). */
export function is(object: KubeObject, group: string, kind: string): boolean {
  return groupOf(object.apiVersion) === group && object.kind === kind;
}

/** Label values as strings (YAML may give numbers or booleans). */
export function stringLabels(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(value) ?? {}).map(([k, v]) => [k, String(v)]));
}
