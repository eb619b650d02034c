import { manifestUrls, type HelmInstall, type ManifestInstall } from '../platform/derive/operators.ts';
import type { OperatorCompanion } from '../model/operator.ts';
import { toYaml } from './yaml.ts';

/** An operator or add-on that installs from a Helm chart or a release manifest (not OLM). */
export type OperatorSource = HelmInstall | ManifestInstall | (OperatorCompanion['install'] & { readonly id: string; readonly namespace: string });

/** Where manifest-installed operators get a Kustomize folder of their own. */
export const OPERATOR_APPS_DIR = 'argocd/operators';

/**
 * The Application source of an operator install, and any files it needs in the tree:
 * - a Helm chart becomes a Helm source (repository, chart, pinned version, the values `deploy`
 *   passes to `helm upgrade --install`);
 * - a release manifest becomes a Kustomize folder listing the manifest: the mirrored copy from
 *   `--operator-manifests` when given (disconnected clusters), else the release URL, which Argo
 *   CD's Kustomize fetches.
 * Pure.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
 * @see https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/
 */
export function operatorApplicationSource(input: {
  readonly install: OperatorSource;
  readonly repoURL: string;
  readonly revision: string;
  readonly base: string;
  readonly manifests?: ReadonlyMap<string, string> | undefined;
}): { source: Record<string, unknown>; files: Map<string, string> } {
  const { install } = input;
  const files = new Map<string, string>();
  if (install.type === 'helm') {
    const values = 'values' in install ? install.values : undefined;
    const helm = { releaseName: install.id, ...(values !== undefined ? { valuesObject: values } : {}) };
    return { source: { repoURL: install.repo, chart: install.chart, targetRevision: install.version, helm }, files };
  }
  const folder = `${OPERATOR_APPS_DIR}/${install.id}`;
  const mirrored = input.manifests?.get(install.id);
  if (mirrored !== undefined) files.set(`${folder}/manifest.yaml`, mirrored.endsWith('\n') ? mirrored : `${mirrored}\n`);
  files.set(`${folder}/kustomization.yaml`, toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: mirrored !== undefined ? ['manifest.yaml'] : manifestUrls(install) }));
  return { source: { repoURL: input.repoURL, targetRevision: input.revision, path: `${input.base}/${folder}` }, files };
}
