import type { ResolvedConfig } from '../config/schema.ts';
import type { KubeObject } from '../model/kube.ts';
import { assemblePlatform } from './assemble.ts';
import { collectOperators, operatorInstallPlan } from './derive/operators.ts';
import { parseImage, resolveImage } from './images.ts';
import type { Platform } from './platform.ts';

/** One image the platform pulls: where upstream publishes it and what the cluster pulls. */
export interface InventoryImage {
  /** Fully qualified upstream reference (`docker.io/trinodb/trino:479`). */
  readonly source: string;
  /** The reference the cluster pulls: the mirror's when `images.registry` is set, else the source. */
  readonly pulled: string;
  /** Components or operators that pull it. */
  readonly usedBy: readonly string[];
}

/** An operator to mirror as an OLM package (OpenShift), or a chart/manifest to mirror (Kubernetes). */
export type InventoryOperator =
  | { readonly type: 'olm'; readonly id: string; readonly package: string; readonly channel: string; readonly catalog: string; readonly startingCSV?: string }
  | { readonly type: 'helm'; readonly id: string; readonly repo: string; readonly chart: string; readonly version: string }
  | { readonly type: 'manifest'; readonly id: string; readonly url: string; readonly version: string; readonly additionalUrls?: readonly string[] };

export interface ImageInventory {
  readonly images: readonly InventoryImage[];
  readonly operators: readonly InventoryOperator[];
  /** The mirror (`images.registry`), when set. */
  readonly registry?: string;
}

/** The OLM catalog image of each catalog source, for oc-mirror (`v4.N` is the cluster's minor). */
export const OLM_CATALOG_IMAGES: Readonly<Record<string, string>> = {
  'redhat-operators': 'registry.redhat.io/redhat/redhat-operator-index',
  'certified-operators': 'registry.redhat.io/redhat/certified-operator-index',
  'community-operators': 'registry.redhat.io/redhat/community-operator-index',
};

/**
 * Every image the platform runs — found in the rendered objects (containers, init containers,
 * operator CR image fields) and declared by the operators installed from Helm or manifests — and
 * every operator package, chart and manifest to mirror. Upstream references come from a render
 * without the mirror, so the list says where to copy from and where to. Pure.
 * @see https://docs.openshift.com/container-platform/latest/disconnected/mirroring/about-installing-oc-mirror-v2.html
 */
export function imageInventory(config: ResolvedConfig): ImageInventory {
  const registry = config.images.registry;
  const upstream = assemblePlatform(registry === undefined ? config : { ...config, images: { ...config.images, registry: undefined } } as ResolvedConfig);
  const found = new Map<string, { original: string; users: Set<string> }>();
  const add = (reference: string, user: string) => {
    const entry = found.get(qualify(reference)) ?? { original: reference, users: new Set<string>() };
    entry.users.add(user);
    found.set(qualify(reference), entry);
  };
  for (const { object, owner } of upstream.objects) for (const image of imagesIn(object)) add(image, owner);
  for (const [name, built] of upstream.components) for (const image of built.build.images ?? []) add(image, name);
  for (const { requirement } of collectOperators(upstream.components)) {
    if (installsFromKubernetes(upstream, requirement.id)) for (const image of requirement.images ?? []) add(image, `operator:${requirement.id}`);
    for (const companion of requirement.companions ?? []) for (const image of companion.images ?? []) add(image, `operator:${companion.id}`);
  }
  const images = [...found].sort(([a], [b]) => a.localeCompare(b)).map(([source, { original, users }]) => ({
    source,
    // The same rule the render applies, on the reference as the component wrote it.
    pulled: registry === undefined ? source : resolveImage(original, { registry }, false),
    usedBy: [...users].sort(),
  }));
  return { images, operators: operatorsOf(upstream), ...(registry !== undefined ? { registry } : {}) };
}

function installsFromKubernetes(platform: Platform, id: string): boolean {
  return operatorInstallPlan(platform).some((i) => i.id === id && i.type !== 'olm');
}

function operatorsOf(platform: Platform): InventoryOperator[] {
  return operatorInstallPlan(platform).map((install): InventoryOperator => {
    if (install.type === 'olm') {
      const catalog = OLM_CATALOG_IMAGES[install.source] ?? install.source;
      return { type: 'olm', id: install.id, package: install.package, channel: install.channel, catalog, ...(install.startingCSV !== undefined ? { startingCSV: install.startingCSV } : {}) };
    }
    if (install.type === 'helm') return { type: 'helm', id: install.id, repo: install.repo, chart: install.chart, version: install.version };
    return { type: 'manifest', id: install.id, url: install.url, version: install.version, ...(install.additionalUrls ? { additionalUrls: install.additionalUrls } : {}) };
  });
}

/** Keys whose string value is an image reference the cluster pulls. */
const IMAGE_KEYS = new Set(['image', 'imageName', 'spark.kubernetes.container.image', 'spark.kubernetes.driver.container.image', 'spark.kubernetes.executor.container.image']);
/** Subtrees that name images we push or build, not pull (Strimzi Connect build output, OpenShift build outputs). */
const PUSH_PATHS = ['spec.build.output', 'spec.output'];

/** Image references in one object, wherever its kind keeps them. Pure. */
export function imagesIn(object: KubeObject): string[] {
  const out = new Set<string>();
  const walk = (value: unknown, path: string): void => {
    if (PUSH_PATHS.includes(path)) return;
    if (Array.isArray(value)) {
      value.forEach((v) => walk(v, path));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    // OpenShift builds and ImageStreams name their base image as `from: {kind: DockerImage, name}`.
    if (record['kind'] === 'DockerImage' && typeof record['name'] === 'string') out.add(record['name']);
    for (const [key, child] of Object.entries(record)) {
      if (IMAGE_KEYS.has(key) && typeof child === 'string' && looksLikeImage(child)) out.add(child);
      else walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(object, '');
  return [...out].sort();
}

function looksLikeImage(value: string): boolean {
  return /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(value) && !value.includes('${') && (value.includes(':') || value.includes('/')) && !builtInCluster(value);
}

/**
 * Images an OpenShift build pushes to the cluster's own registry (Kafka Connect with connectors,
 * Superset with drivers): they are built inside the cluster, so there is nothing to mirror.
 * @see https://docs.openshift.com/container-platform/latest/registry/accessing-the-registry.html
 */
function builtInCluster(reference: string): boolean {
  return reference.startsWith('image-registry.openshift-image-registry.svc:5000/');
}

/** `trinodb/trino:479` → `docker.io/trinodb/trino:479`; `redis:7` → `docker.io/library/redis:7`. Pure. */
export function qualify(reference: string): string {
  const parsed = parseImage(reference);
  if (parsed.registry !== undefined) return reference;
  const path = parsed.path.includes('/') ? parsed.path : `library/${parsed.path}`;
  return `docker.io/${path}${parsed.tag.startsWith('@') ? '' : ':'}${parsed.tag}`;
}
