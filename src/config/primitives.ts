import { z } from 'zod';

/** A Kubernetes quantity such as `500m`, `4`, `16Gi`, `1.5`. */
export const quantity = z
  .string({ error: 'expected a Kubernetes quantity such as "500m" or "16Gi"' })
  .regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/, {
    error: 'expected a Kubernetes quantity such as "500m" or "16Gi"',
  });

/** An integer ≥ `min`, with the message the error format promises. */
export function intAtLeast(min: number) {
  const error = `expected an integer ≥ ${min}`;
  return z.int({ error }).min(min, { error });
}

/** A DNS-1123 label: what namespaces, names and prefixes must be. */
export const dnsLabel = z
  .string({ error: 'expected a DNS-1123 label (lowercase letters, digits, "-")' })
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: 'expected a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)',
  });

/** A DNS subdomain, for domains and host names. */
export const dnsSubdomain = z
  .string({ error: 'expected a DNS name such as "apps.example.com"' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: 'expected a DNS name such as "apps.example.com"',
  });

export const resourcePair = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });

/** Requests and limits; either half may be given alone and is merged over the profile's sizing. */
export const resourcesSchema = z.strictObject({
  requests: resourcePair.optional(),
  limits: resourcePair.optional(),
});

/** A reference to a key in an existing Secret. */
export const secretKeySelector = z.strictObject({
  name: dnsSubdomain,
  key: z.string().min(1),
});
