import { z } from 'zod';
import { LAYOUTS, PROFILES, STORAGE_TIERS, TARGETS } from '../model/names.ts';
import type { BaseComponentOptions } from './component-options.ts';
import { count, dnsLabel, dnsSubdomain, labelValue, quantity, registryHost } from './primitives.ts';
import { namePrefixSchema } from './name-prefix.ts';

/**
 * A StorageClass the platform creates when `storage.create` is true.
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
 */
export const storageClassSpec = z.strictObject({
  /** Class name PVCs use. */
  name: dnsSubdomain.describe("Class name PVCs use."),
  /** CSI provisioner, e.g. `ebs.csi.aws.com`, `openshift-storage.rbd.csi.ceph.com`. */
  provisioner: z.string().min(1).optional().describe("CSI provisioner, e.g. `ebs.csi.aws.com`, `openshift-storage.rbd.csi.ceph.com`."),
  parameters: z.record(z.string(), z.string()).optional(),
  /** @default 'Delete' ('Retain' for shared) */
  reclaimPolicy: z.enum(['Delete', 'Retain']).optional(),
  /** @default 'WaitForFirstConsumer' ('Immediate' for shared) */
  volumeBindingMode: z.enum(['WaitForFirstConsumer', 'Immediate']).optional(),
  /** @default true */
  allowVolumeExpansion: z.boolean().optional(),
});

export const storageSchema = z.strictObject({
  /**
   * Create the three StorageClasses. The default is not to (a cluster's classes are the cluster
   * admin's), and PVCs use the classes named here.
   * @default false
   */
  create: z.boolean().default(false),
  /** Per tier: the class PVCs use. Absent = the cluster's default StorageClass. */
  classes: z.partialRecord(z.enum(STORAGE_TIERS), storageClassSpec).default({}).describe("Per tier: the class PVCs use. Absent = the cluster's default StorageClass."),
});

export const objectStorageSchema = z.strictObject({
  /**
   * `external`: an S3-compatible service you run; `odf`: ObjectBucketClaims on OpenShift Data
   * Foundation; `minio`: a MinIO operator Tenant (community edition is in maintenance mode: test only).
   * @default 'external'
   */
  mode: z.enum(['external', 'odf', 'minio']).default('external'),
  /** S3 endpoint URL for `external`. @default 'https://s3.enterprise.local' */
  endpoint: z.url({ error: 'expected a URL such as "https://s3.example.com"' }).default('https://s3.enterprise.local').describe("S3 endpoint URL for `external`."),
  /** @default 'us-east-1' */
  region: z.string().min(1).default('us-east-1'),
  /** Path-style addressing (`https://host/bucket`), which most on-premises stores need. @default true */
  pathStyle: z.boolean().default(true).describe("Path-style addressing (`https://host/bucket`), which most on-premises stores need."),
  /** Bucket names. */
  buckets: z
    .strictObject({
      warehouse: dnsSubdomain.default('datalyptica-warehouse'),
      backups: dnsSubdomain.default('datalyptica-backups'),
      apps: dnsSubdomain.default('datalyptica-apps'),
    })
    .prefault({}),
  /**
   * The Secret that holds the S3 keys for `external` mode (in the system namespace; copied to every
   * consumer's namespace by `deploy`). Never a key in this file.
   */
  credentialsSecret: z
    .strictObject({
      name: dnsSubdomain.default('datalyptica-s3-credentials'),
      accessKeyKey: z.string().min(1).default('AWS_ACCESS_KEY_ID'),
      secretKeyKey: z.string().min(1).default('AWS_SECRET_ACCESS_KEY'),
    })
    .prefault({}),
  /**
   * A Secret in the system namespace whose key `ca.crt` is the PEM CA bundle that signs the
   * store's certificate (an external store with a private CA; overrides the platform's choice in
   * `odf` and `minio`). `deploy` copies the whole Secret into every consumer's namespace, so it must
   * hold the CA certificate only, never a key.
   */
  caSecret: dnsSubdomain.optional().describe("Secret (system namespace) whose key `ca.crt` is the CA bundle of the S3 endpoint; only the certificate, no key."),
});

/**
 * How operators are installed: OLM Subscriptions on OpenShift, Helm charts or manifests on Kubernetes.
 * @see https://olm.operatorframework.io/docs/concepts/crds/subscription/
 */
export const operatorsSchema = z.strictObject({
  /**
   * OLM install plan approval for every Subscription: `Manual` holds upgrades until an admin approves them.
   * @default 'Automatic'
   */
  approval: z.enum(['Automatic', 'Manual']).default('Automatic'),
  /** Per operator id (`clickhouse`, `minio`...): another channel, a pinned starting CSV, or its own approval. */
  overrides: z
    .record(
      z.string().min(1),
      z.strictObject({
        channel: z.string().min(1).optional(),
        startingCSV: z.string().min(1).optional(),
        approval: z.enum(['Automatic', 'Manual']).optional(),
      }),
    )
    .default({}),
});

export const imagesSchema = z.strictObject({
  /** Registry mirror that replaces the registry part of every image (`registry.example.com/mirror`). */
  registry: registryHost.optional().describe("Registry mirror that replaces the registry part of every image (`registry.example.com/mirror`)."),
  /** Pull secrets added to every ServiceAccount we create. */
  pullSecrets: z.array(dnsSubdomain).default([]).describe("Pull secrets added to every ServiceAccount we create."),
});

/** A class of nodes, for the capacity check: `count` nodes of this size. */
export const nodeClassSchema = z.strictObject({
  name: z.string().min(1),
  count: count(1),
  cpu: quantity,
  memory: quantity,
  /** Zone, for rack awareness and zone-loss checks. */
  zone: labelValue.optional().describe("Zone, for rack awareness and zone-loss checks."),
});

/** The values of `scheduling.zoneSpread` (a topology spread constraint's `whenUnsatisfiable`). */
export const ZONE_SPREAD_POLICIES = ['ScheduleAnyway', 'DoNotSchedule'] as const;

/**
 * How replicas are placed over the cluster's failure zones (`zones`, two or more).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export const schedulingSchema = z.strictObject({
  /**
   * `whenUnsatisfiable` of the zone spread every replicated pod gets on a multi-zone cluster
   * (maxSkew 1 on `topology.kubernetes.io/zone`). `ScheduleAnyway` spreads evenly when it can and
   * still places a replica while a zone is down or full; `DoNotSchedule` leaves it Pending rather
   * than skew the spread. Replicas stay on distinct nodes either way (host anti-affinity), and
   * Kafka spreads partition replicas over zones through rack awareness. Why the default:
   * docs/decisions/zone-spread.md.
   * @default 'ScheduleAnyway'
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
   */
  zoneSpread: z
    .enum(ZONE_SPREAD_POLICIES)
    .default('ScheduleAnyway')
    .describe('`whenUnsatisfiable` of the zone spread of replicated pods on multi-zone clusters: `ScheduleAnyway` keeps scheduling while a zone is down or full, `DoNotSchedule` leaves a replica Pending rather than skew the spread.'),
});

export const secretsSchema = z.strictObject({
  /**
   * How Secrets reach the cluster: `files` (generated into a git-ignored folder and applied by
   * `deploy`), `sealed-secrets` (rendered as SealedSecret), `external-secrets` (ExternalSecret from a store).
   * @default 'files'
   */
  mode: z.enum(['files', 'sealed-secrets', 'external-secrets']).default('files'),
  /** Folder `secrets generate` writes to and `deploy` reads. @default '.datalyptica/secrets' */
  dir: z.string().min(1).default('.datalyptica/secrets').describe("Folder `secrets generate` writes to and `deploy` reads."),
  /**
   * For `sealed-secrets`: the folder `secrets seal` writes and `render`/`deploy` read the
   * SealedSecrets from (commit it). @default 'sealed-secrets'
   */
  sealedDir: z.string().min(1).default('sealed-secrets'),
  /** For `external-secrets`: the ClusterSecretStore to read from. */
  store: z.string().min(1).optional().describe("For `external-secrets`: the ClusterSecretStore to read from."),
});

export const tlsSchema = z.strictObject({
  /**
   * Issuer for Ingress and internal certificates: a self-signed CA the platform creates, ACME, or
   * an existing CA Secret.
   * @default 'selfsigned'
   */
  issuer: z.enum(['selfsigned', 'acme', 'ca']).default('selfsigned'),
  /** ACME server and e-mail when `issuer: acme`. */
  acme: z
    .strictObject({ server: z.url(), email: z.email(), ingressClass: z.string().optional() })
    .optional(),
  /** Existing CA Secret (tls.crt/tls.key) when `issuer: ca`. */
  caSecret: dnsSubdomain.optional().describe("Existing CA Secret (tls.crt/tls.key) when `issuer: ca`."),
});

/**
 * The Kubernetes ingress controller exposures go through (OpenShift uses Routes and ignores this).
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
 */
export const ingressSchema = z.strictObject({
  /** `spec.ingressClassName` of every Ingress. @default 'nginx' */
  className: dnsSubdomain.default('nginx').describe("`spec.ingressClassName` of every Ingress."),
  /** Namespace of the controller's pods, admitted by the NetworkPolicies of exposed pods. @default 'ingress-nginx' */
  controllerNamespace: dnsLabel.default('ingress-nginx').describe("Namespace of the controller's pods, admitted by the NetworkPolicies of exposed pods."),
});

export const suppressionSchema = z.strictObject({
  /** Rule id, e.g. `DL-SEC-004`. */
  rule: z.string().min(1).describe("Rule id, e.g. `DL-SEC-004`."),
  /** `Kind/name` or `Kind/name@namespace`; absent = everywhere. */
  object: z.string().min(1).optional().describe("`Kind/name` or `Kind/name@namespace`; absent = everywhere."),
  /** Why; required so a suppression is never silent. */
  reason: z.string().min(10, { error: 'a suppression needs a reason of at least 10 characters' }).describe("Why; required so a suppression is never silent."),
});

/**
 * The `components` schema: one strict object with a key per implemented component, composed from
 * the component registry (`src/components/registry.ts`) where each definition carries its own options.
 */
export type ComponentsSchema = z.ZodType<Readonly<Record<string, BaseComponentOptions>>, Readonly<Record<string, unknown>> | undefined>;

/**
 * The whole config schema around a `components` schema. The platform settings live here; the
 * component options come from the registry (see `src/config/schema.ts`), so this file imports no
 * component.
 */
export function configSchemaWith<C extends ComponentsSchema>(components: C) {
  return z.strictObject({
    /** Where it runs. @default 'openshift' */
    target: z.enum(TARGETS).default('openshift').describe("Where it runs."),
    /** Sizing: `production` is the full HA sizing, `small` a modest HA cluster, `dev` fits one node. @default 'production' */
    profile: z.enum(PROFILES).default('production').describe("Sizing: `production` is the full HA sizing, `small` a modest HA cluster, `dev` fits one node."),
    /** `functional`: 8 namespaces, one per tier; `layered`: 5, one per layer. @default 'functional' */
    layout: z.enum(LAYOUTS).default('functional').describe("`functional`: 8 namespaces, one per tier; `layered`: 5, one per layer."),
    /** Prefix of namespace names and of the `app.kubernetes.io/instance` label. @default 'datalyptica' */
    namePrefix: namePrefixSchema.default('datalyptica').describe("Prefix of namespace names and of the `app.kubernetes.io/instance` label."),
    /** DNS domain for exposed hosts (`trino.<domain>`). @default 'apps.datalyptica.example.com' */
    domain: dnsSubdomain.default('apps.datalyptica.example.com').describe("DNS domain for exposed hosts (`trino.<domain>`)."),
    /** Failure zones of the cluster; enables rack awareness and zone spreading when two or more. */
    zones: z.array(labelValue).max(16).default([]).describe("Failure zones of the cluster; enables rack awareness and zone spreading when two or more."),
    /** Placement over the zones: how hard the zone spread is. */
    scheduling: schedulingSchema.prefault({}),
    storage: storageSchema.prefault({}),
    objectStorage: objectStorageSchema.prefault({}),
    images: imagesSchema.prefault({}),
    secrets: secretsSchema.prefault({}),
    tls: tlsSchema.prefault({}),
    ingress: ingressSchema.prefault({}),
    /** Node inventory for `check`'s capacity and node-loss checks. Absent = the profile's reference nodes. */
    nodes: z.array(nodeClassSchema).max(100).optional().describe("Node inventory for `check`'s capacity and node-loss checks. Absent = the profile's reference nodes."),
    operators: operatorsSchema.prefault({}),
    components,
    check: z.strictObject({ suppressions: z.array(suppressionSchema).default([]) }).prefault({}),
  });
}

type ConfigSchema = ReturnType<typeof configSchemaWith<ComponentsSchema>>;

/** What a user writes (every block optional; `components.<name>` is checked by the component's schema). */
export type UserConfig = Omit<z.input<ConfigSchema>, 'components'> & { readonly components?: Readonly<Record<string, unknown>> };
/**
 * After defaults: what every component reads. `components.<name>` is read through the component's
 * definition (`ctx.options()`, `ctx.optionsOf(name, schema)`), which types it.
 */
export type ResolvedConfig = z.output<ConfigSchema>;

// The model (below config) names what `ctx.config` holds as an empty `PlatformSettings`; merging
// `ResolvedConfig` into it here gives every build the whole settings type without the model
// importing config.
declare module '../model/build-context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface merge takes its members from the extended type
  interface PlatformSettings extends ResolvedConfig {}
}
