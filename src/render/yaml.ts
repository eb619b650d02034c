import { stringify } from 'yaml';

/**
 * One YAML document, deterministic and safe for kubectl: YAML 1.1 quoting (so strings such as
 * "yes", "on" or "0755" stay strings for kubectl's 1.1 reader), no line folding, no anchors.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
}

/** Between the documents of a stream. */
export const YAML_SEPARATOR = '---\n';

/** Several documents separated by `---`. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map((v) => toYaml(v)).join(YAML_SEPARATOR);
}
