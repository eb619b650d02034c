import type { KubeObject } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';

/**
 * Lets the Connect workers' ServiceAccount (`<name>-connect`, created by Strimzi) `get` exactly
 * the Secrets and ConfigMaps connectors reference through the config providers, nothing else.
 * @see https://github.com/strimzi/kafka-kubernetes-config-provider#rbac-rights
 */
export function configProviderRbac(
  ctx: BuildContext,
  input: { name: string; serviceAccount: string; secrets: readonly string[]; configMaps: readonly string[] },
): KubeObject[] {
  const rules: Record<string, unknown>[] = [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...new Set(input.secrets)].sort(), verbs: ['get'] }];
  if (input.configMaps.length > 0) {
    rules.push({ apiGroups: [''], resources: ['configmaps'], resourceNames: [...new Set(input.configMaps)].sort(), verbs: ['get'] });
  }
  const labels = ctx.labels('worker');
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: input.name, namespace: ctx.namespace, labels }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: input.name, namespace: ctx.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: input.name },
      subjects: [{ kind: 'ServiceAccount', name: input.serviceAccount, namespace: ctx.namespace }],
    },
  ];
}
