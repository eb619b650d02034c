import type { Labels } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { LABEL } from '../../platform/labels.ts';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../platform/security.ts';

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
export function strimziPodSecurityContext(ctx: BuildContext): Record<string, unknown> {
  return restrictedPodSecurityContext(ctx.openshift ? {} : { fsGroup: 0 });
}

export function strimziContainerSecurityContext(): Record<string, unknown> {
  return restrictedContainerSecurityContext();
}

export interface StrimziPodInput {
  readonly role: string;
  /** Strimzi labels that select exactly these pods (anti-affinity and spread). */
  readonly selector: Labels;
  readonly replicas: number;
  readonly antiAffinity: 'required' | 'preferred' | 'none';
}

/**
 * A Strimzi `template.pod`: our labels, restricted security, host anti-affinity with a real
 * selector and a zone spread on multi-zone clusters (Strimzi 0.49+ adds none itself
 * once rack awareness is on).
 */
export function strimziPodTemplate(ctx: BuildContext, input: StrimziPodInput): Record<string, unknown> {
  const pod: Record<string, unknown> = {
    metadata: { labels: strimziPodLabels(ctx, input.role) },
    securityContext: strimziPodSecurityContext(ctx),
    // Kubernetes service-link variables can clash with the JVM apps' own env.
    enableServiceLinks: false,
  };
  const term = { labelSelector: { matchLabels: { ...input.selector } }, topologyKey: 'kubernetes.io/hostname' };
  if (input.replicas > 1 && input.antiAffinity === 'required') {
    pod['affinity'] = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
  } else if (input.replicas > 1 && input.antiAffinity === 'preferred') {
    pod['affinity'] = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
  }
  if (ctx.multiZone && input.replicas > 1) {
    pod['topologySpreadConstraints'] = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { ...input.selector } } },
    ];
  }
  if (ctx.config.images.pullSecrets.length > 0) pod['imagePullSecrets'] = ctx.config.images.pullSecrets.map((name) => ({ name }));
  return pod;
}
