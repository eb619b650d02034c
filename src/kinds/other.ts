import { kindsOf, type KindEntry } from './kind.ts';

/**
 * Kinds the platform renders that are ready once applied and hold no data: policy, RBAC,
 * networking, storage, monitoring and secret-delivery objects.
 */
export const PLAIN_KINDS: readonly KindEntry[] = [
  ...kindsOf('rbac.authorization.k8s.io', [{ kind: 'Role' }, { kind: 'RoleBinding' }, { kind: 'ClusterRole', clusterScoped: true }, { kind: 'ClusterRoleBinding', clusterScoped: true }]),
  ...kindsOf('networking.k8s.io', [{ kind: 'NetworkPolicy' }, { kind: 'Ingress' }]),
  ...kindsOf('policy', [{ kind: 'PodDisruptionBudget' }]),
  ...kindsOf('autoscaling', [{ kind: 'HorizontalPodAutoscaler' }]),
  ...kindsOf('storage.k8s.io', [{ kind: 'StorageClass', clusterScoped: true }]),
  ...kindsOf('scheduling.k8s.io', [{ kind: 'PriorityClass', clusterScoped: true }]),
  ...kindsOf('admissionregistration.k8s.io', [
    { kind: 'ValidatingWebhookConfiguration', clusterScoped: true },
    { kind: 'MutatingWebhookConfiguration', clusterScoped: true },
  ]),
  ...kindsOf('security.openshift.io', [{ kind: 'SecurityContextConstraints', clusterScoped: true }]),
  ...kindsOf('image.openshift.io', [{ kind: 'ImageStream' }]),
  // A build recipe: ready once applied (the Build it starts is not waited for; the Deployment pulling its image is).
  ...kindsOf('build.openshift.io', [{ kind: 'BuildConfig' }]),
  ...kindsOf('monitoring.coreos.com', [{ kind: 'ServiceMonitor' }, { kind: 'PodMonitor' }, { kind: 'PrometheusRule' }]),
  ...kindsOf('external-secrets.io', [{ kind: 'ExternalSecret' }, { kind: 'PushSecret' }, { kind: 'ClusterSecretStore', clusterScoped: true }]),
  ...kindsOf('bitnami.com', [{ kind: 'SealedSecret' }]),
  ...kindsOf('barmancloud.cnpg.io', [{ kind: 'ObjectStore' }]),
  // Batch runs, not part of "the platform is up": applied, never waited for.
  ...kindsOf('sparkoperator.k8s.io', [{ kind: 'SparkApplication' }, { kind: 'ScheduledSparkApplication' }]),
];
