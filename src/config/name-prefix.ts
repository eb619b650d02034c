import { z } from 'zod';

/**
 * The longest name the platform and its operators derive from `namePrefix` that must be a DNS-1123
 * label (≤ 63 characters): the redis-operator's Sentinel StatefulSet `<prefix>-redis-sentinel-sentinel`,
 * whose pods carry `controller-revision-hash: <statefulset>-<hash of up to 10 characters>`.
 * Other long ones, for reference: the CNPG Pooler `<prefix>-postgres-pooler-rw` (+19), CNPG Jobs
 * `<prefix>-postgres-<n>-snapshot-recovery` (+29, in the `job-name` label), Altinity StatefulSets
 * `chi-<prefix>-main-<shard>-<replica>` plus the revision hash (+28 with two-digit indexes).
 * `test/config/name-prefix.test.ts` renders every component with the longest allowed prefix and
 * asserts every label value, namespace and label-limited name stays within 63 characters.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label
 */
export const LONGEST_PREFIX_SUFFIX = '-redis-sentinel-sentinel'.length + '-'.length + 10;

/** 63 minus {@link LONGEST_PREFIX_SUFFIX}: 28 characters. */
export const MAX_NAME_PREFIX_LENGTH = 63 - LONGEST_PREFIX_SUFFIX;

/** Prefixes whose namespaces (`<prefix>-system`...) or names would land in the cluster's own space. */
function claimsPlatformNamespace(prefix: string): boolean {
  return ['openshift', 'kube', 'default'].includes(prefix) || prefix.startsWith('openshift-') || prefix.startsWith('kube-');
}

/**
 * `namePrefix`: starts with a letter (Service names, which embed it, are DNS-1035 labels), lowercase
 * letters, digits and `-`, at most {@link MAX_NAME_PREFIX_LENGTH} characters, and never a prefix that
 * makes namespaces such as `kube-system` or `openshift-*` (a default-deny policy there cuts cluster DNS).
 */
export const namePrefixSchema = z
  .string({ error: 'expected a name prefix such as "datalyptica"' })
  .superRefine((prefix, ctx) => {
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(prefix)) {
      ctx.addIssue({ code: 'custom', message: 'expected lowercase letters, digits and "-", starting with a letter and ending with a letter or digit' });
    } else if (prefix.length > MAX_NAME_PREFIX_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `expected at most ${MAX_NAME_PREFIX_LENGTH} characters (got ${prefix.length}): the longest name derived from it, <prefix>-redis-sentinel-sentinel plus its revision hash, must fit 63`,
      });
    } else if (claimsPlatformNamespace(prefix)) {
      ctx.addIssue({ code: 'custom', message: 'would name namespaces that belong to the cluster ("openshift-*", "kube-*", "default"); choose a prefix of your own' });
    }
  });
