import type { ImageInventory } from '../platform/image-inventory.ts';
import { parseImage } from '../platform/images.ts';
import { toYaml } from './yaml.ts';

/** Output formats of `datalyptica images`. */
export const IMAGE_LIST_FORMATS = ['text', 'json', 'imageset', 'skopeo'] as const;
export type ImageListFormat = (typeof IMAGE_LIST_FORMATS)[number];

/** One line per image (`source -> pulled`), then the charts and manifests to mirror. Pure. */
export function imageListText(inventory: ImageInventory): string {
  const lines = inventory.images.map((i) => (i.pulled === i.source ? i.source : `${i.source} -> ${i.pulled}`));
  for (const op of inventory.operators) {
    if (op.type === 'helm') lines.push(`chart ${op.repo.replace(/\/+$/, '')}/${op.chart} ${op.version} (operator ${op.id})`);
    if (op.type === 'manifest') {
      const files = [...(op.additionalUrls ?? []), op.url];
      for (const url of files) lines.push(`manifest ${url} (operator ${op.id}; save ${files.length > 1 ? 'all its files, concatenated, ' : ''}as <dir>/${op.id}.yaml for --operator-manifests)`);
    }
    if (op.type === 'olm') lines.push(`olm ${op.package} channel ${op.channel} from ${op.catalog}${op.startingCSV !== undefined ? ` starting at ${op.startingCSV}` : ''} (operator ${op.id})`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * An oc-mirror v2 `ImageSetConfiguration`: OLM operators by catalog, package and channel (oc-mirror
 * resolves each bundle's related images), Helm charts by repository, and every other image as an
 * additional image. Pure.
 * @see https://docs.openshift.com/container-platform/latest/disconnected/mirroring/about-installing-oc-mirror-v2.html
 */
export function imageSetConfiguration(inventory: ImageInventory, options: { catalogVersion: string }): string {
  const catalogs = new Map<string, { name: string; channels: { name: string; minVersion?: string }[] }[]>();
  for (const op of inventory.operators) {
    if (op.type !== 'olm') continue;
    const catalog = `${op.catalog}:${options.catalogVersion}`;
    const minVersion = op.startingCSV?.replace(/^.*\.v/, '');
    catalogs.set(catalog, [...(catalogs.get(catalog) ?? []), { name: op.package, channels: [{ name: op.channel, ...(minVersion !== undefined ? { minVersion } : {}) }] }]);
  }
  const repositories = new Map<string, { name: string; url: string; charts: { name: string; version: string }[] }>();
  for (const op of inventory.operators) {
    if (op.type !== 'helm' || op.repo.startsWith('oci://')) continue;
    const repo = repositories.get(op.repo) ?? { name: op.id, url: op.repo, charts: [] };
    repo.charts.push({ name: op.chart, version: op.version });
    repositories.set(op.repo, repo);
  }
  // OCI charts are images to oc-mirror.
  const ociCharts = inventory.operators.filter((op) => op.type === 'helm' && op.repo.startsWith('oci://')).map((op) => (op.type === 'helm' ? `${op.repo.slice('oci://'.length)}/${op.chart}:${op.version}` : ''));
  const mirror: Record<string, unknown> = {};
  if (catalogs.size > 0) mirror['operators'] = [...catalogs].sort(([a], [b]) => a.localeCompare(b)).map(([catalog, packages]) => ({ catalog, packages: packages.sort((a, b) => a.name.localeCompare(b.name)) }));
  if (repositories.size > 0) mirror['helm'] = { repositories: [...repositories.values()].sort((a, b) => a.url.localeCompare(b.url)) };
  mirror['additionalImages'] = [...inventory.images.map((i) => i.source), ...ociCharts].sort().map((name) => ({ name }));
  return toYaml({ apiVersion: 'mirror.openshift.io/v2alpha1', kind: 'ImageSetConfiguration', mirror });
}

/**
 * A `skopeo sync --src yaml` file: images grouped by source registry, repository → tags. Pure.
 * @see https://github.com/containers/skopeo/blob/main/docs/skopeo-sync.1.md
 */
export function skopeoSyncYaml(inventory: ImageInventory): string {
  const registries = new Map<string, Map<string, Set<string>>>();
  for (const image of inventory.images) {
    const parsed = parseImage(image.source);
    const registry = parsed.registry ?? 'docker.io';
    const repos = registries.get(registry) ?? new Map<string, Set<string>>();
    repos.set(parsed.path, (repos.get(parsed.path) ?? new Set()).add(parsed.tag));
    registries.set(registry, repos);
  }
  const out: Record<string, { images: Record<string, string[]> }> = {};
  for (const [registry, repos] of [...registries].sort(([a], [b]) => a.localeCompare(b))) {
    out[registry] = { images: Object.fromEntries([...repos].sort(([a], [b]) => a.localeCompare(b)).map(([repo, tags]) => [repo, [...tags].sort()])) };
  }
  return toYaml(out);
}
