import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { AirflowOptions } from './options.ts';
import { AIRFLOW_SA, WORKER_SA } from './versions.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';

function roleWithBinding(
  ctx: BuildContext<AirflowOptions>,
  input: { name: string; namespace: string; role: string; rules: Record<string, unknown>[]; subject: string },
): KubeObject[] {
  const labels = ctx.labels(input.role);
  return [
    { apiVersion: RBAC, kind: 'Role', metadata: { name: input.name, namespace: input.namespace, labels }, rules: input.rules },
    {
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: input.name, namespace: input.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: input.name },
      subjects: [{ kind: 'ServiceAccount', name: input.subject, namespace: ctx.namespace }],
    },
  ];
}

/**
 * What the scheduler (KubernetesExecutor: launch, watch, adopt and delete task pods) and the
 * api-server (read a running task's log) need, in Airflow's own namespace only: the chart's
 * `pod-launcher` role without `pods/exec`.
 * @see https://airflow.apache.org/docs/apache-airflow-providers-cncf-kubernetes/stable/kubernetes_executor.html
 */
export function podLauncherRbac(ctx: BuildContext<AirflowOptions>): KubeObject[] {
  return roleWithBinding(ctx, {
    name: 'airflow-pod-launcher',
    namespace: ctx.namespace,
    role: 'scheduler',
    subject: AIRFLOW_SA,
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'delete', 'deletecollection'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    ],
  });
}

/**
 * Task pods submit SparkApplications in the Spark namespace (the cncf.kubernetes provider's
 * SparkKubernetesOperator) and follow their driver's log; nothing else, nowhere else.
 * @see https://airflow.apache.org/docs/apache-airflow-providers-cncf-kubernetes/stable/operators.html#sparkkubernetesoperator
 */
export function sparkSubmitRbac(ctx: BuildContext<AirflowOptions>): KubeObject[] {
  return roleWithBinding(ctx, {
    name: 'airflow-spark-submit',
    namespace: ctx.namespaceOf('spark'),
    role: 'worker',
    subject: WORKER_SA,
    rules: [
      { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications', 'sparkapplications/status'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    ],
  });
}
