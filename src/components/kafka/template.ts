import type { Labels } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { LABEL } from '../../platform/labels.ts';
import { podPolicy, type AntiAffinity, type ContainerSecurityContext, type PodSecurityContext } from '../../platform/pod-policy.ts';

/**
 * Labels for a Strimzi pod template. Only our name/component/part-of labels: Strimzi sets
 * instance and managed-by itself, and the NetworkPolicies select on `app.kubernetes.io/name`
 * (which Strimzi would otherwise set to its own operand type, e.g. `entity-operator`).
 */
export function strimziPodLabels(ctx: BuildContext, role: string): Labels {
  const all = ctx.labels(role);
  return { [LABEL.name]: all[LABEL.name]!, [LABEL.component]: all[LABEL.component]!, [LABEL.partOf]: all[LABEL.partOf]!, [LABEL.platform]: all[LABEL.platform]! };
}

/**
 * Pod security for Strimzi operands: restricted on both targets. Strimzi images run as UID 1001
 * with group 0; on Kubernetes the volumes get group 0 so the broker can write its log dirs, on
 * OpenShift restricted-v2 picks the groups.
 */
export function strimziPodSecurityContext(ctx: BuildContext): PodSecurityContext {
  return podPolicy(ctx, { selector: {}, replicas: 1, kubernetesUser: { fsGroup: 0 } }).securityContext;
}

export function strimziContainerSecurityContext(ctx: BuildContext): ContainerSecurityContext {
  return podPolicy(ctx, { selector: {}, replicas: 1 }).containerSecurityContext;
}

export interface StrimziPodInput {
  readonly role: string;
  /** Strimzi labels that select exactly these pods (anti-affinity and spread). */
  readonly selector: Labels;
  readonly replicas: number;
  readonly antiAffinity: AntiAffinity;
}

/**
 * A Strimzi `template.pod`: our labels, the platform's pod policy (restricted security, host
 * anti-affinity with a real selector, a zone spread on multi-zone clusters: Strimzi 0.49+ adds
 * none itself once rack awareness is on).
 */
export function strimziPodTemplate(ctx: BuildContext, input: StrimziPodInput): Record<string, unknown> {
  const policy = podPolicy(ctx, {
    selector: input.selector,
    replicas: input.replicas,
    antiAffinity: input.replicas > 1 ? input.antiAffinity : 'none',
    kubernetesUser: { fsGroup: 0 },
  });
  return {
    metadata: { labels: strimziPodLabels(ctx, input.role) },
    securityContext: policy.securityContext,
    // Kubernetes service-link variables can clash with the JVM apps' own env.
    enableServiceLinks: false,
    ...policy.scheduling,
    ...policy.pullSecrets,
  };
}
