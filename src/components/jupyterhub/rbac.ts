import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';

/**
 * What KubeSpawner needs in the hub's own namespace, and nothing cluster-wide: user pods and their
 * PVCs, and events to report spawn progress. Narrower than the chart's Role, which also grants
 * Secrets and Services for `internal_ssl` and `services_enabled`, both off here.
 * @see https://github.com/jupyterhub/zero-to-jupyterhub-k8s/blob/4.4.0/jupyterhub/templates/hub/rbac.yaml
 */
export function hubRbac(ctx: BuildContext, serviceAccount: string): KubeObject[] {
  const labels = ctx.labels('hub');
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: serviceAccount, namespace: ctx.namespace, labels },
      rules: [
        { apiGroups: [''], resources: ['pods', 'persistentvolumeclaims'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: ['get', 'watch', 'list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: serviceAccount, namespace: ctx.namespace, labels },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: ctx.namespace }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: serviceAccount },
    },
  ];
}
