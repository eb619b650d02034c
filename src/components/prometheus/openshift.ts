import { stringify } from 'yaml';
import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { Sizing } from '../../model/sizing.ts';

export const OPENSHIFT_MONITORING_NAMESPACE = 'openshift-monitoring';
export const OPENSHIFT_UWM_NAMESPACE = 'openshift-user-workload-monitoring';

/**
 * OpenShift's user workload monitoring settings, for clusters whose administrator lets the
 * platform manage them (`userWorkloadMonitoring.manage`): `enableUserWorkload` in the cluster
 * monitoring config, and retention, volume and resources of the user-workload Prometheus (its
 * Alertmanager too when the alertmanager component routes alerts through AlertmanagerConfigs).
 * Both ConfigMaps are whole-cluster settings: applying them replaces their current content.
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.18/html/monitoring/configuring-user-workload-monitoring
 */
export function userWorkloadMonitoringConfig(ctx: BuildContext, input: { sizing: Sizing; retention: string; alertmanager: boolean }): KubeObject[] {
  const { sizing } = input;
  const storageClass = ctx.storageClass('standard');
  const prometheus: Record<string, unknown> = {
    retention: input.retention,
    resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
    volumeClaimTemplate: { spec: { ...(storageClass === undefined ? {} : { storageClassName: storageClass }), resources: { requests: { storage: sizing.storage ?? '10Gi' } } } },
  };
  const uwm: Record<string, unknown> = { prometheus };
  if (input.alertmanager) uwm['alertmanager'] = { enabled: true, enableAlertmanagerConfig: true };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cluster-monitoring-config', namespace: OPENSHIFT_MONITORING_NAMESPACE, labels: ctx.labels('cluster-monitoring-config') },
      data: { 'config.yaml': stringify({ enableUserWorkload: true }) },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'user-workload-monitoring-config', namespace: OPENSHIFT_UWM_NAMESPACE, labels: ctx.labels('user-workload-monitoring-config') },
      data: { 'config.yaml': stringify(uwm, { lineWidth: 0 }) },
    },
  ];
}
