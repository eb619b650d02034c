import type { z } from 'zod';
import type { ResolvedConfig } from '../config/settings.ts';
import type { BaseComponentOptions } from '../config/component-options.ts';
import type { BuildContext, SsoRealm } from '../model/build-context.ts';
import type { ComponentDefinition } from '../model/component.ts';
import type { Consumer } from '../model/consumption.ts';
import type { RequestedDatabase } from '../model/database.ts';
import type { Labels } from '../model/kube.ts';
import type { ComponentName, StorageTier } from '../model/names.ts';
import type { SsoClient } from '../model/sso.ts';
import { resolveImage } from './images.ts';
import { componentNamespace, systemNamespace } from './layout.ts';
import { selectorLabels, standardLabels } from './labels.ts';
import { applySizingOverrides, type Sizing, type SizingTable } from './sizing.ts';
import { ObjectStorageAccess } from './object-storage.ts';
import { httpsBackchannel, ssoTrust, SSO_BACKCHANNEL_PORTS } from './sso-trust.ts';

export type { BuildContext } from '../model/build-context.ts';

/**
 * `components.<name>` as its schema parsed it. The config schema is composed from the same
 * definitions (`src/components/registry.ts`), so the block under a definition's name is the output
 * of that definition's schema: this is the one place that relies on it.
 */
export function componentOptions<Options extends BaseComponentOptions>(config: ResolvedConfig, component: { readonly name: ComponentName; readonly options: z.ZodType<Options> }): Options {
  return (config.components[component.name] ?? {}) as Options;
}

/**
 * The platform's implementation of what a component's build function sees: the resolved config
 * plus lookups that keep every component consistent (namespaces, labels, images, sizing, storage
 * classes, hosts).
 */
export class PlatformBuildContext<Options extends BaseComponentOptions = BaseComponentOptions> implements BuildContext<Options> {
  readonly config: ResolvedConfig;
  readonly definition: ComponentDefinition<Options>;
  readonly objectStorage: ObjectStorageAccess;
  #definitions: ReadonlyMap<ComponentName, ComponentDefinition>;
  #enabled: ReadonlySet<ComponentName>;
  readonly ssoClients: readonly SsoClient[];

  constructor(input: {
    config: ResolvedConfig;
    definition: ComponentDefinition<Options>;
    definitions: ReadonlyMap<ComponentName, ComponentDefinition>;
    enabled: ReadonlySet<ComponentName>;
    /** The other components' declared clients, for a definition with `collectsSsoClients`. */
    ssoClients?: readonly SsoClient[];
  }) {
    this.config = input.config;
    this.ssoClients = input.ssoClients ?? [];
    this.definition = input.definition;
    this.#definitions = input.definitions;
    this.#enabled = input.enabled;
    this.objectStorage = new ObjectStorageAccess({ config: input.config, namespaceOf: (name) => this.namespaceOf(name) });
  }

  get name(): ComponentName {
    return this.definition.name;
  }

  get target() {
    return this.config.target;
  }

  get profile() {
    return this.config.profile;
  }

  get openshift(): boolean {
    return this.config.target === 'openshift';
  }

  /** This component's `components.<name>` block, typed by its definition's schema. */
  options(): Options {
    return componentOptions(this.config, this.definition);
  }

  /** Another component's block, typed by that component's options schema. */
  optionsOf<Other extends BaseComponentOptions>(name: ComponentName, schema: z.ZodType<Other>): Other {
    return componentOptions(this.config, { name, options: schema });
  }

  /** This component's namespace. */
  get namespace(): string {
    return this.namespaceOf(this.definition.name);
  }

  /** Any component's namespace (enabled or not: a flow may name a disabled peer). */
  namespaceOf(name: ComponentName): string {
    const definition = this.#definitions.get(name);
    if (definition === undefined) return systemNamespace(this.config);
    return componentNamespace(this.config, definition);
  }

  /** The namespace for operators and platform-wide objects. */
  get systemNamespace(): string {
    return systemNamespace(this.config);
  }

  isEnabled(name: ComponentName): boolean {
    return this.#enabled.has(name);
  }

  #consumers: readonly Consumer[] | undefined;

  /** The enabled components whose `consumes` names this one, in registry order. */
  get consumers(): readonly Consumer[] {
    if (this.#consumers !== undefined) return this.#consumers;
    const out: Consumer[] = [];
    for (const definition of this.#definitions.values()) {
      if (!this.#enabled.has(definition.name) || definition.consumes === undefined) continue;
      const ctx = new PlatformBuildContext({ config: this.config, definition, definitions: this.#definitions, enabled: this.#enabled });
      for (const consumption of definition.consumes(ctx)) {
        if (consumption.component === this.definition.name) out.push({ ...consumption, consumer: definition.name, namespace: ctx.namespace });
      }
    }
    this.#consumers = out;
    return out;
  }

  get databaseRequests(): readonly RequestedDatabase[] {
    return [...this.#definitions.values()]
      .filter((d) => this.#enabled.has(d.name))
      .flatMap((d) => (d.databases ?? []).map((request) => ({ ...request, requester: d.name })));
  }

  /** The version label value: the override or the component's pinned version. */
  get version(): string {
    return this.options().version ?? this.definition.version;
  }

  /** Every label for an object of this component; `role` names the part (`coordinator`). */
  labels(role?: string): Labels {
    const input = { component: this.definition.name, instance: this.config.namePrefix, version: this.version };
    return standardLabels(role === undefined ? input : { ...input, role });
  }

  /** Selector labels for this component's pods (stable across upgrades). */
  selector(role?: string): Labels {
    return selectorLabels(this.definition.name, role);
  }

  /** A pinned image after the registry mirror and, for the main image, the user's image/version. */
  image(defaultRef: string, options: { main?: boolean } = {}): string {
    const own = this.options();
    const overrides: { registry?: string; image?: string; version?: string } = {};
    if (this.config.images.registry !== undefined) overrides.registry = this.config.images.registry;
    if (own.image !== undefined) overrides.image = own.image;
    if (own.version !== undefined) overrides.version = own.version;
    return resolveImage(defaultRef, overrides, options.main ?? false);
  }

  /** The profile's sizing for the main workload, with the user's overrides. */
  sizing(table: SizingTable): Sizing {
    return applySizingOverrides(table[this.config.profile], this.options());
  }

  /** The profile's sizing for a secondary workload (no user overrides from the base block). */
  sizingOf(table: SizingTable): Sizing {
    return table[this.config.profile];
  }

  /**
   * The StorageClass for a tier: the component's own override, else `storage.classes.<tier>.name`,
   * else undefined (the cluster's default class).
   */
  storageClass(tier: StorageTier): string | undefined {
    return this.options().storage?.storageClass ?? this.config.storage.classes[tier]?.name;
  }

  /** `<host>.<domain>` for an exposed endpoint. */
  host(label: string): string {
    return `${label}.${this.config.domain}`;
  }

  /** A name prefixed for cluster-wide uniqueness (`datalyptica-kafka`). */
  prefixed(name: string): string {
    return `${this.config.namePrefix}-${name}`;
  }

  /** In-cluster DNS name of a Service. */
  serviceHost(service: string, namespace: string = this.namespace): string {
    return `${service}.${namespace}.svc`;
  }

  /**
   * The platform realm, for components that log users in through the identity tier: the issuer
   * users' browsers and tokens see (`https://keycloak.<domain>/realms/<realm>`), and the in-cluster
   * base URL pods use for discovery, tokens and keys (Keycloak's backchannel). `enabled` is false
   * when the identity component is off; components then keep their own login.
   * @see https://www.keycloak.org/server/hostname
   */
  get sso(): SsoRealm {
    const own: Readonly<Record<string, unknown>> | undefined = this.config.components['keycloak'];
    const realm = typeof own?.['realm'] === 'string' ? own['realm'] : 'datalyptica';
    // Pods use the operator's Service: HTTPS on 8443 when Keycloak serves its cert-manager
    // certificate and the consumer's runtime trusts its CA, else HTTP on 8080. With
    // `hostname-backchannel-dynamic` Keycloak answers backchannel calls on the internal URL while
    // tokens keep the public issuer.
    // @see https://www.keycloak.org/server/hostname
    const service = { namespace: this.namespaceOf('keycloak'), service: 'keycloak-service', port: SSO_BACKCHANNEL_PORTS.http };
    const https = httpsBackchannel(this.name, (name) => this.isEnabled(name));
    const base = https ? `https://${this.serviceHost(service.service, service.namespace)}:${SSO_BACKCHANNEL_PORTS.https}` : `http://${this.serviceHost(service.service, service.namespace)}:${service.port}`;
    const internal = `${base}/realms/${realm}`;
    const issuer = `https://${this.host('keycloak')}/realms/${realm}`;
    return {
      enabled: this.isEnabled('keycloak'),
      realm,
      issuer,
      internalIssuer: internal,
      https,
      ...(https ? { trust: ssoTrust({ consumer: this.name, namespace: this.namespace, keycloakNamespace: service.namespace }) } : {}),
      tokenEndpoint: `${internal}/protocol/openid-connect/token`,
      jwksUri: `${internal}/protocol/openid-connect/certs`,
      authorizationEndpoint: `${issuer}/protocol/openid-connect/auth`,
      service,
      realmPath: `/realms/${realm}`,
    };
  }

  /** Multi-zone cluster: spread and rack awareness apply. */
  get multiZone(): boolean {
    return this.config.zones.length >= 2;
  }
}
