import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { SecretRequirement } from '../../model/secret.ts';

/** `<namespace>/<name>`: how the plan, the secrets folder and the messages name a Secret. */
export function secretId(r: Pick<SecretRequirement, 'namespace' | 'name'>): string {
  return `${r.namespace}/${r.name}`;
}

/**
 * The secrets plan: one requirement per Secret (namespace + name), from what the enabled
 * components declare, in declaration order. Components that share a namespace declare the same
 * copy (Spark and Flink both need the S3 keys and the Kafka cluster CA in the processing
 * namespace), and the plan holds it once with every reader, so `deploy` copies it once and orders
 * it before all of them. Requirements that disagree on where the Secret comes from are a bug in a
 * component, not something to pick a winner for. Pure; computed once by the platform
 * (`Platform.secrets`) and read by every secrets backend.
 */
export function mergeSecretRequirements(requirements: readonly SecretRequirement[]): SecretRequirement[] {
  const merged = new Map<string, SecretRequirement>();
  for (const requirement of requirements) {
    const key = secretId(requirement);
    const previous = merged.get(key);
    if (previous === undefined) {
      merged.set(key, requirement);
      continue;
    }
    const origin = (r: SecretRequirement) => JSON.stringify([r.source, r.copyFrom ?? null, r.valueGroup ?? null, r.type ?? 'Opaque']);
    if (origin(previous) !== origin(requirement)) {
      throw new DatalypticaError(
        ErrorCode.Internal,
        `two components declare Secret ${key} differently: ${previous.consumers.join(',')} as ${origin(previous)}, ${requirement.consumers.join(',')} as ${origin(requirement)}`,
      );
    }
    const keys = [...previous.keys];
    for (const spec of requirement.keys) if (!keys.some((k) => k.key === spec.key)) keys.push(spec);
    const consumers = [...previous.consumers];
    for (const consumer of requirement.consumers) if (!consumers.includes(consumer)) consumers.push(consumer);
    const labels = previous.labels === undefined && requirement.labels === undefined ? undefined : { ...(requirement.labels ?? {}), ...(previous.labels ?? {}) };
    merged.set(key, { ...previous, keys, consumers, ...(labels === undefined ? {} : { labels }) });
  }
  return [...merged.values()];
}

/**
 * The generated requirements, one per Secret (two declarations of the same Secret share one file
 * with the union of their keys), sorted by namespace and name: what `secrets generate` writes and
 * every backend delivers.
 */
export function generatedRequirements(secrets: readonly SecretRequirement[]): SecretRequirement[] {
  const byId = new Map<string, SecretRequirement>();
  for (const r of secrets) {
    if (r.source !== 'generated') continue;
    const previous = byId.get(secretId(r));
    if (!previous) {
      byId.set(secretId(r), r);
      continue;
    }
    const keys = [...previous.keys, ...r.keys.filter((k) => !previous.keys.some((p) => p.key === k.key))];
    const consumers = [...new Set([...previous.consumers, ...r.consumers])];
    byId.set(secretId(r), { ...previous, keys, consumers });
  }
  return [...byId.values()].sort((a, b) => secretId(a).localeCompare(secretId(b)));
}
