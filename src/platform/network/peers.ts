import type { ResolvedConfig } from '../../config/settings.ts';
import type { FlowPort } from '../../model/flow.ts';
import type { Labels } from '../../model/kube.ts';
import { namespaceFor } from '../layout.ts';

/** The label the API server sets on every namespace; the only namespace label policies rely on. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The namespace label OpenShift's network plugin puts on the namespaces of the ingress
 * controllers (also when the router runs on the host network).
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.14/html/networking/network-policy#nw-networkpolicy-multitenant-isolation_multitenant-network-policy
 */
export const OPENSHIFT_INGRESS_POLICY_GROUP = 'policy-group.network.openshift.io/ingress';
export const OPENSHIFT_INGRESS_NAMESPACE = 'openshift-ingress';
/** The pod label of the default IngressController's router pods. */
export const OPENSHIFT_ROUTER_LABEL = 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller';

/** OpenShift user workload monitoring: the Prometheus that scrapes user namespaces. */
export const OPENSHIFT_UWM_NAMESPACE = 'openshift-user-workload-monitoring';

/** Port of cert-manager's ACME HTTP-01 solver pods, and their label. */
export const ACME_SOLVER_PORT = 8089;
export const ACME_SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';

/** The kube-apiserver behind the `kubernetes` Service: 443 on the ClusterIP, 6443 on OpenShift's (and kubeadm's) endpoints. */
export const APISERVER_PORTS: readonly FlowPort[] = [
  { port: 443, protocol: 'TCP', name: 'https' },
  { port: 6443, protocol: 'TCP', name: 'apiserver' },
];

/** Where cluster DNS runs and on which pod ports (policies apply after the Service DNAT, so they see pod ports). */
export interface DnsPeer {
  readonly namespace: string;
  readonly podLabels: Labels;
  readonly ports: readonly FlowPort[];
}

/**
 * OpenShift: CoreDNS pods in `openshift-dns` listen on 5353 (the Service maps 53 to it); 53 stays
 * allowed for clusters with a node-local or custom resolver. Kubernetes: CoreDNS in
 * `kube-system` labelled `k8s-app=kube-dns` on 53.
 * @see https://github.com/openshift/cluster-dns-operator/blob/master/assets/dns/daemonset.yaml
 */
export function dnsPeer(target: ResolvedConfig['target']): DnsPeer {
  if (target === 'openshift') {
    return {
      namespace: 'openshift-dns',
      podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      ports: [
        { port: 5353, protocol: 'UDP', name: 'dns' },
        { port: 5353, protocol: 'TCP', name: 'dns-tcp' },
        { port: 53, protocol: 'UDP', name: 'dns-53' },
        { port: 53, protocol: 'TCP', name: 'dns-53-tcp' },
      ],
    };
  }
  return {
    namespace: 'kube-system',
    podLabels: { 'k8s-app': 'kube-dns' },
    ports: [
      { port: 53, protocol: 'UDP', name: 'dns' },
      { port: 53, protocol: 'TCP', name: 'dns-tcp' },
    ],
  };
}

/** How the ingress controller's namespace is selected, and a representative pod of it for the reachability matrix. */
export interface NamespacePeer {
  /** The namespace the representative pod lives in. */
  readonly namespace: string;
  /** Labels that namespace carries (with `kubernetes.io/metadata.name`). */
  readonly namespaceLabels: Labels;
  /** The namespaceSelector policies use. */
  readonly selector: Labels;
  /** Labels of the representative pod. */
  readonly podLabels: Labels;
}

/** The OpenShift router (by its policy-group label) or the configured Kubernetes ingress controller namespace. */
export function ingressPeer(config: Pick<ResolvedConfig, 'target' | 'ingress'>): NamespacePeer {
  if (config.target === 'openshift') {
    return {
      namespace: OPENSHIFT_INGRESS_NAMESPACE,
      namespaceLabels: { [NAMESPACE_NAME_LABEL]: OPENSHIFT_INGRESS_NAMESPACE, [OPENSHIFT_INGRESS_POLICY_GROUP]: '' },
      selector: { [OPENSHIFT_INGRESS_POLICY_GROUP]: '' },
      podLabels: { [OPENSHIFT_ROUTER_LABEL]: 'default' },
    };
  }
  const ns = config.ingress.controllerNamespace;
  return {
    namespace: ns,
    namespaceLabels: { [NAMESPACE_NAME_LABEL]: ns },
    selector: { [NAMESPACE_NAME_LABEL]: ns },
    podLabels: { 'app.kubernetes.io/name': 'ingress-controller' },
  };
}

/**
 * The Prometheus that scrapes the platform when the platform's own `prometheus` component is not
 * enabled: user workload monitoring on OpenShift; on Kubernetes the monitoring tier's namespace,
 * where a cluster's Prometheus is expected.
 */
export function monitoringNamespace(config: ResolvedConfig): string {
  return config.target === 'openshift' ? OPENSHIFT_UWM_NAMESPACE : namespaceFor(config, { tier: 'monitoring', layer: 'management' });
}
