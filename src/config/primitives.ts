import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/**
 * The Kubernetes quantity grammar (`<signedNumber><suffix>`), unsigned: a number (`1`, `1.5`,
 * `.5`, `5.`) followed by a binary SI suffix, a decimal SI suffix or a decimal exponent (`1e9`).
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go
 */
export const QUANTITY_PATTERN = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A quantity string as a number (cores, bytes), or undefined when it does not follow the grammar. */
export function quantityValue(value: string): number | undefined {
  const match = QUANTITY_PATTERN.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const suffix = match[2] ?? '';
  if (/^[eE]/.test(suffix)) return amount * 10 ** Number(suffix.slice(1));
  return amount * (BINARY[suffix] ?? DECIMAL[suffix] ?? Number.NaN);
}

const QUANTITY_ERROR = 'expected a Kubernetes quantity such as "500m", "16Gi" or "1e9"';

/**
 * A Kubernetes quantity such as `500m`, `4`, `16Gi`, `1.5`, `1e9`. A YAML number (`memory: 2`)
 * is taken as the quantity it spells, as kubectl does. Zero is refused: a zero memory limit means
 * "unlimited" to the kubelet and a zero volume size is rejected by every provisioner.
 */
export const quantity = z
  .union([z.string(), z.number()], { error: QUANTITY_ERROR })
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? numberToQuantity(value) : value;
    const parsed = text === undefined ? undefined : quantityValue(text);
    if (text === undefined || parsed === undefined || !Number.isFinite(parsed)) {
      ctx.issues.push({ code: 'custom', message: QUANTITY_ERROR, input: value });
      return z.NEVER;
    }
    if (parsed <= 0) {
      ctx.issues.push({ code: 'custom', message: 'expected a quantity greater than zero (0 means "unlimited" for a limit and is invalid for a size)', input: value });
      return z.NEVER;
    }
    return text;
  });

function numberToQuantity(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/** The most the platform plans of one thing (replicas, shards, nodes): see docs/configuration/limits.md. */
export const MAX_COUNT = 1000;
/** The largest value a Kubernetes int32 field holds. */
export const INT32_MAX = 2_147_483_647;

/** An integer ≥ `min` that fits the Kubernetes int32 fields it ends up in. */
export function intAtLeast(min: number) {
  const error = `expected an integer ≥ ${min}`;
  return z.int({ error }).min(min, { error }).max(INT32_MAX, { error: `expected an integer ≤ ${INT32_MAX} (a Kubernetes int32)` });
}

/**
 * A count of pods, shards, nodes or volumes: at least `min` and at most {@link MAX_COUNT}, the
 * size the capacity check can plan (it places every pod on the node inventory).
 */
export function count(min: number) {
  const error = `expected an integer ≥ ${min}`;
  return z.int({ error }).min(min, { error }).max(MAX_COUNT, { error: `expected at most ${MAX_COUNT} (the most one platform plans; see docs/configuration/limits.md)` });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A DNS-1123 label: what namespaces, names and prefixes must be. */
export const dnsLabel = z
  .string({ error: 'expected a DNS-1123 label (lowercase letters, digits, "-")' })
  .regex(DNS_LABEL, {
    error: 'expected a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)',
  });

/** A DNS subdomain (names of most objects, domains, host names): ≤ 253 characters, labels ≤ 63. */
export const dnsSubdomain = z
  .string({ error: 'expected a DNS name such as "apps.example.com"' })
  .max(253, { error: 'expected a DNS name of at most 253 characters' })
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/, {
    error: 'expected a DNS name such as "apps.example.com" (lowercase letters, digits, "-" and ".", labels of at most 63 characters)',
  });

/** A label value: ≤ 63 characters, alphanumerics with `-`, `_`, `.` inside (zones, versions). */
export const labelValue = z
  .string()
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
    error: 'expected a Kubernetes label value (letters, digits, "-", "_", ".", starting and ending with a letter or digit, at most 63 characters)',
  });

/** Namespaces that belong to the cluster, never to the platform. */
export function isPlatformNamespace(name: string): boolean {
  return name === 'default' || name === 'openshift' || name.startsWith('openshift-') || name === 'kube' || name.startsWith('kube-');
}

/** A namespace the config may place a component in: a DNS-1123 label outside the cluster's own namespaces. */
export const componentNamespace = dnsLabel.refine((name) => !isPlatformNamespace(name) && !name.startsWith('openshift'), {
  error: 'is a cluster namespace ("default", "openshift*", "kube-*"); choose a namespace of your own',
});

/**
 * A registry host with an optional port and path (`registry.example.com:5000/mirror`), as the
 * image reference grammar defines it.
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */
export const registryHost = z
  .string()
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/, {
    error: 'expected a registry host with an optional port and path, such as "registry.example.com:5000/mirror"',
  });

/** An image tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`) that also fits the version label (≤ 63 characters). */
export const imageTag = labelValue;

/** A full image reference `[registry/]repo/name[:tag][@digest]`. */
export const imageReference = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9.:_/-]+?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
    error: 'expected an image reference such as "registry.example.com/team/image:1.2.3"',
  })
  .refine((value) => !/\s/.test(value) && !value.startsWith('/') && !value.endsWith('/') && !value.includes('//'), {
    error: 'expected an image reference such as "registry.example.com/team/image:1.2.3"',
  });

/**
 * A cron schedule of `fields` fields (5: Kubernetes CronJob, minute first; 6: seconds first, as
 * CloudNativePG's ScheduledBackup), parsed with cron-parser so a typo fails at load, not in the cluster.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */
export function cronSchedule(fields: 5 | 6) {
  const example = fields === 5 ? '"0 3 * * *"' : '"0 0 2 * * *"';
  return z.string().superRefine((value, ctx) => {
    const macro = fields === 5 && /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(value.trim());
    const parts = value.trim().split(/\s+/);
    let problem: string | undefined;
    if (!macro && parts.length !== fields) problem = `has ${parts.length} field${parts.length === 1 ? '' : 's'}`;
    else if (!macro) {
      try {
        CronExpressionParser.parse(value, { strict: false });
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `expected a ${fields}-field cron schedule such as ${example} (${problem})` });
  });
}

/** A `cpu`/`memory` pair. */
export const resourcePair = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });

type Pair = z.output<typeof resourcePair>;

function requestsWithinLimits(value: { requests?: Pair | undefined; limits?: Pair | undefined }, ctx: z.core.$RefinementCtx<unknown>): void {
  for (const resource of ['cpu', 'memory'] as const) {
    const request = value.requests?.[resource];
    const limit = value.limits?.[resource];
    if (request === undefined || limit === undefined) continue;
    if ((quantityValue(request) ?? 0) > (quantityValue(limit) ?? Infinity)) {
      ctx.addIssue({ code: 'custom', path: ['requests', resource], message: `${request} is more than the limit ${limit} (the API server rejects requests above limits)` });
    }
  }
}

/** Requests and limits; either half may be given alone and is merged over the profile's sizing. */
export const resourcesSchema = z
  .strictObject({
    requests: resourcePair.optional(),
    limits: resourcePair.optional(),
  })
  .superRefine(requestsWithinLimits);

/**
 * Requests and limits whose memory is at least `floor` (a server that derives its own settings from
 * its memory, e.g. PostgreSQL's `shared_buffers` = a quarter of it).
 */
export function resourcesWithMemoryFloor(floor: string, why: string) {
  const minimum = quantityValue(floor) ?? 0;
  const pair = z.strictObject({
    cpu: quantity.optional(),
    memory: quantity.refine((m) => (quantityValue(m) ?? 0) >= minimum, { error: `expected at least ${floor} (${why})` }).optional(),
  });
  return z.strictObject({ requests: pair.optional(), limits: pair.optional() }).superRefine(requestsWithinLimits);
}

/** A reference to a key in an existing Secret. */
export const secretKeySelector = z.strictObject({
  name: dnsSubdomain,
  key: z.string().min(1),
});
