import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.prometheus`. */
export const prometheusOptions = baseComponentOptions.extend({
  /**
   * How long Prometheus keeps samples (`spec.retention`, or the user-workload Prometheus's
   * `retention` on OpenShift).
   * @default per profile: 3d dev, 15d small, 30d production (seed 000 §Monitoring Stack)
   * @see https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects
   */
  retention: z.string().regex(/^[0-9]+(ms|s|m|h|d|w|y)$/).optional(),
  /**
   * OpenShift only: render the `cluster-monitoring-config` (enableUserWorkload) and
   * `user-workload-monitoring-config` ConfigMaps. Off by default because both are cluster-wide
   * ConfigMaps the cluster administrator owns: applying them replaces whatever they hold. When off,
   * `validate` reports whether user workload monitoring runs.
   * @default false
   * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.18/html/monitoring/configuring-user-workload-monitoring
   */
  userWorkloadMonitoring: z.strictObject({ manage: z.boolean().default(false) }).prefault({}),
  /**
   * Kubernetes only: scrape every kubelet's `/metrics` (kept to `kubelet_volume_stats_*`, what the
   * volume-almost-full alerts read) through the `kube-system/kubelet` Service the Prometheus
   * Operator maintains (`--kubelet-service`). OpenShift's platform monitoring already scrapes them.
   * @see https://github.com/prometheus-operator/prometheus-operator/blob/main/pkg/kubelet/controller.go (the kubelet Service)
   * @see https://kubernetes.io/docs/reference/instrumentation/metrics/ (kubelet_volume_stats_*)
   */
  kubelet: z
    .strictObject({
      /** Render the kubelet ServiceMonitor and the egress to the nodes. @default true */
      scrape: z.boolean().default(true),
      /**
       * Where the kubelets listen: the node subnets. Prometheus's NetworkPolicy admits port 10250
       * to these blocks only. The default admits every address, and CNIs that apply ipBlock to pod
       * IPs as well (Calico) then let Prometheus reach any pod's port 10250 too: set your node
       * subnets. Cilium matches node IPs with ipBlock only with `policy-cidr-match-mode: nodes`.
       * @default ['0.0.0.0/0', '::/0']
       * @see https://docs.cilium.io/en/stable/security/policy/language/#selecting-nodes-with-cidr-ipblock
       */
      nodeCidrs: z.array(z.string().regex(/^[0-9a-fA-F.:]+\/[0-9]{1,3}$/)).min(1).default(['0.0.0.0/0', '::/0']),
      /**
       * Verify the kubelets' serving certificates against the cluster CA. Kubelets sign their own
       * serving certificate unless `serverTLSBootstrap` is on (kubeadm's default is off), so this
       * is off by default, as in kube-prometheus-stack; the bearer token still authenticates.
       * @default false
       * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation
       */
      verifyTls: z.boolean().default(false),
    })
    .prefault({}),
});

export type PrometheusOptions = z.output<typeof prometheusOptions>;
