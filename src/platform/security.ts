// Transitional: the hardening helpers moved to pod-policy.ts; removed once no component imports them.
export { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-policy.ts';
