import type { z } from 'zod';
import type { Consumer } from './consumption.ts';
import type { RequestedDatabase } from './database.ts';
import type { Labels } from './kube.ts';
import type { ComponentName, Profile, StorageTier, Target } from './names.ts';
import type { ObjectStorage } from './object-storage.ts';
import type { Sizing, SizingTable } from './sizing.ts';
import type { SecretRequirement } from './secret.ts';
import type { SsoClient } from './sso.ts';

/**
 * The resolved platform settings a build reads as `ctx.config`. Empty here on purpose: the model is the
 * bottom layer and imports no config, so `src/config/settings.ts` completes this interface with its
 * `ResolvedConfig` (TypeScript declaration merging) and every reader of `ctx.config` sees the whole
 * settings type.
 * @see https://www.typescriptlang.org/docs/handbook/declaration-merging.html#module-augmentation
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completed by src/config/settings.ts
export interface PlatformSettings {}

/**
 * What every component's `components.<name>` block parses to at least. Empty here for the same reason
 * as `PlatformSettings`: `src/config/component-options.ts` completes it with `BaseComponentOptions`.
 * @see https://www.typescriptlang.org/docs/handbook/declaration-merging.html#module-augmentation
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completed by src/config/component-options.ts
export interface ComponentOptions {}

/** What a consumer mounts to trust the certificate Keycloak serves on its HTTPS backchannel. */
export interface SsoTrust {
  /** The PEM CA bundle inside the pod (`/etc/datalyptica/keycloak-ca/ca.crt`). */
  readonly caFile: string;
  /** The pod volume holding the bundle as `ca.crt`. */
  readonly volume: Record<string, unknown>;
  readonly volumeMount: { readonly name: string; readonly mountPath: string; readonly readOnly: true };
  /** The Secret and key holding the bundle, for consumers that take a key selector (Grafana's `valueFrom`). */
  readonly secretKeyRef: { readonly name: string; readonly key: string };
  /** The copy of the CA the consumer's namespace needs; declare it in the build's `secrets`. */
  readonly secrets: readonly SecretRequirement[];
}

/** The platform realm a component logs users in through (the identity tier). */
export interface SsoRealm {
  /** False when the identity component is off; components then keep their own login. */
  readonly enabled: boolean;
  readonly realm: string;
  /** The issuer users' browsers and tokens see (`https://keycloak.<domain>/realms/<realm>`). */
  readonly issuer: string;
  /** The in-cluster base URL pods use for discovery, tokens and keys (Keycloak's backchannel). */
  readonly internalIssuer: string;
  /** The in-cluster token endpoint (client credentials grant), under `internalIssuer`. */
  readonly tokenEndpoint: string;
  /** The in-cluster JSON Web Key Set, under `internalIssuer`. */
  readonly jwksUri: string;
  /** The browser-facing authorization endpoint, under `issuer`. */
  readonly authorizationEndpoint: string;
  /**
   * Whether `internalIssuer` is HTTPS (Keycloak's 8443 with its cert-manager certificate); then
   * `trust` is what the consumer mounts to verify it.
   */
  readonly https: boolean;
  /** The CA to trust for the backchannel; undefined over plain HTTP. */
  readonly trust?: SsoTrust;
  /** The identity provider's Service, for live checks (HTTP: probes go through the API server). */
  readonly service: { readonly namespace: string; readonly service: string; readonly port: number };
  /** The realm's path on that Service (`/realms/<realm>`). */
  readonly realmPath: string;
}

/**
 * What a component's `build(ctx)` sees: the resolved platform settings, its own typed options, and
 * lookups that keep every component consistent (namespaces, labels, images, sizing, storage
 * classes, hosts). Implemented by the platform (`src/platform/context.ts`).
 * @typeParam Options the component's own `components.<name>` block, typed by its definition's schema
 */
export interface BuildContext<Options extends ComponentOptions = ComponentOptions> {
  readonly config: PlatformSettings;
  readonly objectStorage: ObjectStorage;
  readonly name: ComponentName;
  readonly target: Target;
  readonly profile: Profile;
  readonly openshift: boolean;
  /** This component's `components.<name>` block, after its schema's defaults. */
  options(): Options;
  /**
   * Another component's `components.<name>` block, typed by that component's options schema
   * (every block resolves, enabled or not, so its defaults are always there).
   */
  optionsOf<Other extends ComponentOptions>(name: ComponentName, schema: z.ZodType<Other>): Other;
  /** This component's namespace. */
  readonly namespace: string;
  /** Any component's namespace (enabled or not: a flow may name a disabled peer). */
  namespaceOf(name: ComponentName): string;
  /** The namespace for operators and platform-wide objects. */
  readonly systemNamespace: string;
  isEnabled(name: ComponentName): boolean;
  /**
   * The databases enabled components request (`ComponentDefinition.databases`), in registry order,
   * each with its requester: the PostgreSQL component derives its roles and ingress flows from them.
   */
  readonly databaseRequests: readonly RequestedDatabase[];
  /**
   * The enabled components that declare they use this one (`ComponentDefinition.consumes`), in
   * registry order: the provider renders their flows, Kafka users, credentials from this list.
   */
  readonly consumers: readonly Consumer[];
  /** The version label value: the override or the component's pinned version. */
  readonly version: string;
  /** Every label for an object of this component; `role` names the part (`coordinator`). */
  labels(role?: string): Labels;
  /** Selector labels for this component's pods (stable across upgrades). */
  selector(role?: string): Labels;
  /** A pinned image after the registry mirror and, for the main image, the user's image/version. */
  image(defaultRef: string, options?: { main?: boolean }): string;
  /** The profile's sizing for the main workload, with the user's overrides. */
  sizing(table: SizingTable): Sizing;
  /** The profile's sizing for a secondary workload (no user overrides from the base block). */
  sizingOf(table: SizingTable): Sizing;
  /**
   * The StorageClass for a tier: the component's own override, else `storage.classes.<tier>.name`,
   * else undefined (the cluster's default class).
   */
  storageClass(tier: StorageTier): string | undefined;
  /** `<host>.<domain>` for an exposed endpoint. */
  host(label: string): string;
  /** A name prefixed for cluster-wide uniqueness (`datalyptica-kafka`). */
  prefixed(name: string): string;
  /** In-cluster DNS name of a Service. */
  serviceHost(service: string, namespace?: string): string;
  /**
   * The platform realm, for components that log users in through the identity tier.
   * @see https://www.keycloak.org/server/hostname
   */
  readonly sso: SsoRealm;
  /**
   * The OIDC clients every other enabled component declares (`ComponentBuild.ssoClients`), in
   * registry order. Filled only for a definition with `collectsSsoClients`; empty for the others.
   */
  readonly ssoClients: readonly SsoClient[];
  /** Multi-zone cluster: spread and rack awareness apply. */
  readonly multiZone: boolean;
}
