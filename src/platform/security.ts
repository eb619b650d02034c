/**
 * The security context every container we render gets: Pod Security "restricted" and OpenShift
 * restricted-v2 compatible. No UID is pinned, so restricted-v2 assigns one from the namespace range.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function restrictedContainerSecurityContext(options: { readOnlyRootFilesystem?: boolean } = {}) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? false,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The pod-level context. `fsGroup` is left to OpenShift (restricted-v2 assigns one); on Kubernetes
 * images whose user is not numeric need an explicit non-root UID, which the component passes.
 */
export function restrictedPodSecurityContext(options: { runAsUser?: number; fsGroup?: number } = {}) {
  const context: Record<string, unknown> = {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  if (options.runAsUser !== undefined) context['runAsUser'] = options.runAsUser;
  if (options.fsGroup !== undefined) context['fsGroup'] = options.fsGroup;
  return context;
}
