/**
 * Schema locations in kubeconform's `-schema-location` syntax: a folder, a path or URL template,
 * or the alias `default`. Pure: no I/O here (fetching is remote-store.ts, folders are lookup.ts).
 * @see https://github.com/yannh/kubeconform#overriding-schemas-location
 */

/** kubeconform's default location: the yannh/kubernetes-json-schema set for one Kubernetes version. */
export const KUBERNETES_SCHEMAS_TEMPLATE =
  'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json';

/** The datreeio CRDs catalog, the location kubeconform users add for custom resources. */
export const CRDS_CATALOG_TEMPLATE = 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

/** What `check` uses without `--schemas`: the CRDs catalog first (so a CRD group never hits the built-in set), then the built-in kinds. */
export const DEFAULT_LOCATIONS: readonly string[] = [CRDS_CATALOG_TEMPLATE, 'default'];

export type SchemaLocation =
  | { readonly type: 'dir'; readonly dir: string }
  | { readonly type: 'template'; readonly template: string; readonly remote: boolean };

/** Variables a template may use, and how `check` fills the two that are not per object. */
export interface TemplateOptions {
  /** `master` or a version such as `1.30.0` (kubeconform's `-kubernetes-version`). */
  readonly kubernetesVersion: string;
  /** kubeconform's `-strict`: `{{.StrictSuffix}}` becomes `-strict` (unknown fields are errors). */
  readonly strict: boolean;
}

/** Reads one `--schemas` value: `default`, a template (contains `{{`), a URL, or a folder. */
export function parseLocation(value: string): SchemaLocation {
  const template = value === 'default' ? KUBERNETES_SCHEMAS_TEMPLATE : value;
  const remote = /^https?:\/\//i.test(template);
  if (template.includes('{{')) return { type: 'template', template, remote };
  // kubeconform: a location without a template is a base to which the default file name is appended.
  if (remote) return { type: 'template', template: `${template.replace(/\/+$/, '')}/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json`, remote };
  return { type: 'dir', dir: value };
}

/**
 * The template variables for (apiVersion, kind), as kubeconform computes them: `Group` is the part
 * of apiVersion before `/` (the whole apiVersion for the core group, e.g. `v1`), `KindSuffix` is
 * `-<first group label>-<version>` (core: `-<version>`), `ResourceKind` is the lowercased kind.
 */
export function templateVariables(apiVersion: string, kind: string, options: TemplateOptions): Record<string, string> {
  const parts = apiVersion.split('/');
  const group = parts[0] ?? apiVersion;
  const version = parts[parts.length - 1] ?? apiVersion;
  let kindSuffix = `-${(group.split('.')[0] ?? group).toLowerCase()}`;
  if (parts.length > 1) kindSuffix += `-${version.toLowerCase()}`;
  return {
    NormalizedKubernetesVersion: options.kubernetesVersion === 'master' ? 'master' : `v${options.kubernetesVersion.replace(/^v/, '')}`,
    StrictSuffix: options.strict ? '-strict' : '',
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: version,
    Group: group,
    KindSuffix: kindSuffix,
  };
}

/** Fills a template (`{{.Name}}` or `{{ .Name }}`); an unknown variable is an error, as in Go templates. */
export function expandTemplate(template: string, apiVersion: string, kind: string, options: TemplateOptions): string {
  const variables = templateVariables(apiVersion, kind, options);
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`unknown schema template variable {{.${name}}}; known: ${Object.keys(variables).join(', ')}`);
    return value;
  });
}
