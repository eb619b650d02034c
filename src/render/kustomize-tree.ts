import type { KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import type { FileTree } from './file-tree.ts';
import { toYaml, toYamlStream, YAML_SEPARATOR } from './yaml.ts';

/** Folder for cluster-scoped objects (StorageClasses, ClusterRoles, SCCs, ClusterIssuers). */
export const CLUSTER_DIR = 'cluster';
export const BUNDLE_FILE = 'bundle.yaml';
/** Marks a folder as written by `render`, so a re-render may replace it. */
export const MARKER_FILE = '.datalyptica-render';

function fileName(object: KubeObject, taken: Set<string>): string {
  const base = `${object.kind.toLowerCase()}-${object.metadata.name}`;
  let name = `${base}.yaml`;
  if (taken.has(name)) name = `${base}-${object.apiVersion.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.yaml`;
  taken.add(name);
  return name;
}

function kustomization(resources: readonly string[]): string {
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() });
}

/**
 * The Kustomize tree: `<namespace>/<owner>/<kind>-<name>.yaml`, cluster-scoped objects under
 * `cluster/<owner>/`, a kustomization.yaml at every level, and `bundle.yaml` (every object in
 * apply order) at the root. Pure.
 */
export function renderTree(platform: Platform): FileTree {
  const files = new Map<string, string>();
  const folders = new Map<string, Map<string, Set<string>>>();
  const taken = new Map<string, Set<string>>();

  // Each object is serialised once: its file, and the same text in the bundle.
  const documents: string[] = [];
  for (const { object, owner } of platform.objects) {
    const top = object.metadata.namespace ?? (object.kind === 'Namespace' ? object.metadata.name : CLUSTER_DIR);
    const folder = `${top}/${owner}`;
    const names = taken.get(folder) ?? new Set<string>();
    taken.set(folder, names);
    const name = fileName(object, names);
    const text = toYaml(object);
    documents.push(text);
    files.set(`${folder}/${name}`, text);
    const owners = folders.get(top) ?? new Map<string, Set<string>>();
    folders.set(top, owners);
    const list = owners.get(owner) ?? new Set<string>();
    owners.set(owner, list);
    list.add(name);
  }

  for (const [top, owners] of folders) {
    for (const [owner, names] of owners) files.set(`${top}/${owner}/kustomization.yaml`, kustomization([...names]));
    files.set(`${top}/kustomization.yaml`, kustomization([...owners.keys()]));
  }
  files.set('kustomization.yaml', kustomization([...folders.keys()]));
  files.set(BUNDLE_FILE, documents.join(YAML_SEPARATOR));
  files.set(
    MARKER_FILE,
    `# Written by datalyptica render; the whole folder is replaced on the next render.\nprofile: ${platform.config.profile}\ntarget: ${platform.config.target}\nlayout: ${platform.config.layout}\n`,
  );
  return files;
}

/** The bundle alone (`render -o yaml`): every object in apply order, without building the tree. Pure. */
export function renderBundle(platform: Platform): string {
  return toYamlStream(platform.objects.map((p) => p.object));
}
