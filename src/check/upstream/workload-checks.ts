import { refOf, type KubeObject } from '../../model/kube.ts';
import type { Finding } from '../finding.ts';
import { podTemplatesOf, type ContainerView, type PodTemplateView } from '../policy/pod-templates.ts';
import { findingOf } from '../policy/rule.ts';
import { is, list, obj, type Json } from './json.ts';
import { UPS } from './rules.ts';

/** Version store types Nessie 0.75 removed with the old "database adapter" code. */
export const NESSIE_REMOVED_STORES: ReadonlySet<string> = new Set(['INMEMORY', 'ROCKS', 'DYNAMO', 'MONGO', 'TRANSACTIONAL']);

/** Version store types Nessie 0.96 deprecated, with their replacement. */
export const NESSIE_DEPRECATED_STORES: ReadonlyMap<string, string> = new Map([
  ['JDBC', 'JDBC2'],
  ['CASSANDRA', 'CASSANDRA2'],
  ['MONGODB', 'MONGODB2'],
  ['DYNAMODB', 'DYNAMODB2'],
]);

function envOf(container: Json): Json[] {
  return list(container['env']).map((e) => obj(e) ?? {});
}

function isSchemaRegistry(container: ContainerView): boolean {
  return /(^|\/)cp-schema-registry([:@]|$)/.test(String(container.container['image'] ?? ''));
}

function checkSchemaRegistry(view: PodTemplateView, objects: readonly KubeObject[]): Finding[] {
  const registries = view.containers.filter(isSchemaRegistry);
  if (registries.length === 0) return [];
  const findings: Finding[] = [];
  if (view.pod['enableServiceLinks'] !== false) {
    const namespace = view.object.metadata.namespace ?? '';
    const clash = objects.some((o) => o.kind === 'Service' && o.metadata.name === 'schema-registry' && (o.metadata.namespace ?? '') === namespace);
    findings.push(
      findingOf(UPS.schemaRegistryServiceLinks, {
        object: refOf(view.object),
        path: `${view.path}/enableServiceLinks`,
        // Proven only when the input has the Service whose link variables crash the image.
        severity: clash ? 'error' : 'warning',
        message: clash
          ? 'service links are on and Service/schema-registry is in the namespace: the injected SCHEMA_REGISTRY_PORT=tcp://... stops the image at start'
          : 'service links are on: a Service named schema-registry in this namespace would inject SCHEMA_REGISTRY_PORT=tcp://... and stop the image at start',
      }),
    );
  }
  if (view.object.kind !== 'StatefulSet' && (view.replicas ?? 1) > 1) {
    for (const registry of registries) {
      envOf(registry.container).forEach((env, i) => {
        const field = obj(obj(env['valueFrom'])?.['fieldRef'])?.['fieldPath'];
        if (env['name'] === 'SCHEMA_REGISTRY_HOST_NAME' && field === 'metadata.name') {
          findings.push(
            findingOf(UPS.schemaRegistryHostName, {
              object: refOf(view.object),
              path: `${registry.path}/env/${i}`,
              message: `${view.replicas} replicas advertise their pod name, which has no DNS record in a ${view.object.kind}: forwarding writes to the leader fails (use status.podIP)`,
            }),
          );
        }
      });
    }
  }
  return findings;
}

function versionStoreFinding(object: KubeObject, path: string, value: string): Finding[] {
  const type = value.trim().toUpperCase();
  if (NESSIE_REMOVED_STORES.has(type)) {
    return [findingOf(UPS.nessieVersionStore, { object: refOf(object), path, message: `version store type ${type} was removed in Nessie 0.75: the server does not start with it` })];
  }
  const replacement = NESSIE_DEPRECATED_STORES.get(type);
  if (replacement === undefined) return [];
  return [
    findingOf(UPS.nessieVersionStore, {
      object: refOf(object),
      path,
      severity: 'warning',
      message: `version store type ${type} is deprecated since Nessie 0.96 and will be removed: use ${replacement} (migrate the data with the Nessie server admin tool)`,
    }),
  ];
}

/** NESSIE_VERSION_STORE_TYPE in a container, or nessie.version.store.type in a ConfigMap (application.properties or a key of its own). */
function checkNessieStore(object: KubeObject, views: readonly PodTemplateView[]): Finding[] {
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') {
    return Object.entries(obj(object['data']) ?? {}).flatMap(([key, text]) => {
      if (key === 'nessie.version.store.type') return versionStoreFinding(object, `/data/${key}`, String(text));
      const line = /^\s*nessie\.version\.store\.type\s*[=:]\s*(\S+)/m.exec(String(text));
      return line ? versionStoreFinding(object, `/data/${key}`, line[1]!) : [];
    });
  }
  return views.flatMap((view) =>
    view.containers.flatMap((c) =>
      envOf(c.container).flatMap((env, i) => (env['name'] === 'NESSIE_VERSION_STORE_TYPE' && typeof env['value'] === 'string' ? versionStoreFinding(object, `${c.path}/env/${i}/value`, env['value']) : [])),
    ),
  );
}

/** The Secret names a pod template reads: env secretKeyRefs, envFrom and secret volumes. */
function secretsRead(view: PodTemplateView): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const c of view.containers) {
    envOf(c.container).forEach((env, i) => {
      const name = obj(obj(env['valueFrom'])?.['secretKeyRef'])?.['name'];
      if (typeof name === 'string') out.push({ name, path: `${c.path}/env/${i}/valueFrom/secretKeyRef/name` });
    });
    list(c.container['envFrom']).forEach((from, i) => {
      const name = obj(obj(from)?.['secretRef'])?.['name'];
      if (typeof name === 'string') out.push({ name, path: `${c.path}/envFrom/${i}/secretRef/name` });
    });
  }
  list(view.pod['volumes']).forEach((volume, i) => {
    const name = obj(obj(volume)?.['secret'])?.['secretName'];
    if (typeof name === 'string') out.push({ name, path: `${view.path}/volumes/${i}/secret/secretName` });
  });
  return out;
}

/** `<cluster>-pguser-<user>` Secrets read from a Crunchy PostgresCluster in the input that does not declare the user. */
function checkCrunchyUsers(view: PodTemplateView, objects: readonly KubeObject[]): Finding[] {
  const clusters = objects.filter((o) => is(o, 'postgres-operator.crunchydata.com', 'PostgresCluster'));
  if (clusters.length === 0) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const read of secretsRead(view)) {
    const cluster = clusters.find((c) => read.name.startsWith(`${c.metadata.name}-pguser-`));
    if (cluster === undefined || seen.has(read.name)) continue;
    seen.add(read.name);
    const user = read.name.slice(`${cluster.metadata.name}-pguser-`.length);
    const declared = list(obj(cluster['spec'])?.['users']).map((u) => String(obj(u)?.['name'] ?? ''));
    // With no spec.users, PGO creates one user named after the cluster.
    const users = declared.length > 0 ? declared : [cluster.metadata.name];
    if (users.includes(user)) continue;
    findings.push(
      findingOf(UPS.crunchyUserSecret, {
        object: refOf(view.object),
        path: read.path,
        message: `reads Secret ${read.name}, but PostgresCluster/${cluster.metadata.name} ${declared.length > 0 ? `declares only ${declared.join(', ')}` : `has no spec.users (PGO creates only the user ${cluster.metadata.name})`}: the Secret never exists`,
      }),
    );
  }
  return findings;
}

/** The DL-UPS rules about what runs in pods: Schema Registry settings, Nessie's version store, Crunchy user Secrets. Pure. */
export function checkWorkloads(object: KubeObject, objects: readonly KubeObject[]): Finding[] {
  const views = podTemplatesOf(object);
  return [...views.flatMap((view) => [...checkSchemaRegistry(view, objects), ...checkCrunchyUsers(view, objects)]), ...checkNessieStore(object, views)];
}
