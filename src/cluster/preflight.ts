import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { Platform } from '../platform/platform.ts';

/** The product's floor: Kubernetes 1.27 (OpenShift 4.14). */
export const PRODUCT_KUBERNETES_MINOR = 27;

/** `"30+"` (some distributions append a plus) → 30. */
export function parseMinor(minor: string): number | undefined {
  const value = Number.parseInt(minor, 10);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Components whose pinned operators need a newer Kubernetes than the cluster runs, as lines
 * naming each, or none. Pure.
 */
export function kubernetesVersionProblems(platform: Pick<Platform, 'components'>, serverMinor: number): string[] {
  if (serverMinor < PRODUCT_KUBERNETES_MINOR) return [`the platform needs Kubernetes 1.${PRODUCT_KUBERNETES_MINOR}+ (OpenShift 4.14+); the cluster runs 1.${serverMinor}`];
  const problems: string[] = [];
  for (const [name, built] of platform.components) {
    const floor = built.build.minKubernetesMinor;
    if (floor !== undefined && serverMinor < floor) problems.push(`components.${name}: its pinned operator release needs Kubernetes 1.${floor}+; the cluster runs 1.${serverMinor}`);
  }
  return problems;
}

/** Throws before anything is applied when the cluster is too old for what the config pins. */
export function assertKubernetesVersion(platform: Pick<Platform, 'components'>, version: { minor: string; gitVersion: string }): void {
  const minor = parseMinor(version.minor);
  if (minor === undefined) return;
  const problems = kubernetesVersionProblems(platform, minor);
  if (problems.length === 0) return;
  throw new DatalypticaError(ErrorCode.DeployFailed, `the cluster (${version.gitVersion}) is older than this config supports; nothing was applied`, {
    details: problems,
    hint: 'for Kafka on Kubernetes 1.27–1.29 (OpenShift 4.14–4.16) set components.kafka.strimzi: 0.50.1, or upgrade the cluster',
  });
}
