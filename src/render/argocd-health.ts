import { toYaml } from './yaml.ts';

/**
 * Argo CD stopped assessing the health of `argoproj.io/Application` in 1.8, so a parent syncs the
 * next wave of child Applications as soon as the previous ones are applied, not healthy. This Lua
 * check restores it: a child reports its own health status to the parent.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = "waiting for the Application to report its health"
if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/** Folder of the opt-in health patches (not synced by the root Application). */
export const ARGOCD_HEALTH_DIR = 'argocd/health';

/**
 * The opt-in patches that make a parent Application wait for its children's health:
 * - upstream Argo CD: a merge patch of the `argocd-cm` ConfigMap
 *   (`kubectl -n argocd patch configmap argocd-cm --type merge --patch-file …`);
 * - OpenShift GitOps: a merge patch of the `ArgoCD` custom resource's `resourceHealthChecks`
 *   (the operator owns `argocd-cm` and would revert a direct edit).
 * Pure.
 * @see https://argocd-operator.readthedocs.io/en/latest/reference/argocd/#resource-customizations
 */
export function renderArgoCdHealthPatches(argoNamespace: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    `${ARGOCD_HEALTH_DIR}/argocd-cm-patch.yaml`,
    toYaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: argoNamespace },
      data: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA },
    }),
  );
  files.set(
    `${ARGOCD_HEALTH_DIR}/openshift-gitops-argocd-patch.yaml`,
    toYaml({
      apiVersion: 'argoproj.io/v1beta1',
      kind: 'ArgoCD',
      metadata: { name: 'openshift-gitops', namespace: argoNamespace },
      spec: { resourceHealthChecks: [{ group: 'argoproj.io', kind: 'Application', check: APPLICATION_HEALTH_LUA }] },
    }),
  );
  return files;
}
