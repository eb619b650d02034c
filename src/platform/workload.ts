import type { KubeObject, Labels } from '../model/kube.ts';
import type { DisruptionSpec } from '../model/component.ts';
import type { PodFootprint, ResourceSpec } from '../model/resources.ts';
import type { BuildContext } from './context.ts';
import { LABEL } from './labels.ts';
import { podPolicy, restrictedContainerSecurityContext, type AntiAffinity } from './pod-policy.ts';

export interface ContainerPort {
  readonly name: string;
  readonly containerPort: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface HttpProbe {
  readonly path: string;
  readonly port: string | number;
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** Liveness/readiness/startup probes; every long-running container has at least readiness and liveness. */
export interface ProbeSet {
  readonly readiness: Record<string, unknown>;
  readonly liveness: Record<string, unknown>;
  readonly startup?: Record<string, unknown>;
}

/** Standard HTTP probes with a startup probe that allows slow JVM starts. */
export function httpProbes(probe: HttpProbe, options: { startupSeconds?: number } = {}): ProbeSet {
  const httpGet = { path: probe.path, port: probe.port, scheme: probe.scheme ?? 'HTTP' };
  const startupSeconds = options.startupSeconds ?? 300;
  return {
    readiness: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    liveness: { httpGet, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    startup: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: Math.ceil(startupSeconds / 10) },
  };
}

/** TCP-socket probes for servers with no HTTP health endpoint. */
export function tcpProbes(port: string | number, options: { startupSeconds?: number } = {}): ProbeSet {
  const tcpSocket = { port };
  const startupSeconds = options.startupSeconds ?? 120;
  return {
    readiness: { tcpSocket, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    liveness: { tcpSocket, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
    startup: { tcpSocket, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: Math.ceil(startupSeconds / 10) },
  };
}

export interface ContainerInput {
  readonly name: string;
  readonly image: string;
  readonly resources: ResourceSpec;
  readonly ports?: readonly ContainerPort[];
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Literal env values; never a secret (use `secretEnv` or a mounted file). */
  readonly env?: readonly { name: string; value: string }[];
  /** Env from Secret keys, for software that reads nothing else. */
  readonly secretEnv?: readonly { name: string; secret: string; key: string }[];
  /** Env from the downward API (`metadata.name`, `status.podIP`...). */
  readonly fieldEnv?: readonly { name: string; fieldPath: string }[];
  readonly volumeMounts?: readonly { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  /** Probes; init containers and one-shot jobs pass none. */
  readonly probes?: ProbeSet;
  readonly readOnlyRootFilesystem?: boolean;
  readonly lifecycle?: Record<string, unknown>;
  readonly workingDir?: string;
}

/** A container with the restricted security context and explicit requests/limits. */
export function container(input: ContainerInput): Record<string, unknown> {
  const c: Record<string, unknown> = { name: input.name, image: input.image, imagePullPolicy: 'IfNotPresent' };
  if (input.command) c['command'] = [...input.command];
  if (input.args) c['args'] = [...input.args];
  if (input.workingDir) c['workingDir'] = input.workingDir;
  const env: Record<string, unknown>[] = [];
  for (const e of input.fieldEnv ?? []) env.push({ name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } });
  for (const e of input.env ?? []) env.push({ name: e.name, value: e.value });
  for (const e of input.secretEnv ?? []) env.push({ name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key } } });
  if (env.length > 0) c['env'] = env;
  if (input.ports && input.ports.length > 0) {
    c['ports'] = input.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' }));
  }
  c['resources'] = {
    requests: { ...input.resources.requests },
    limits: { ...input.resources.limits },
  };
  if (input.probes) {
    c['readinessProbe'] = input.probes.readiness;
    c['livenessProbe'] = input.probes.liveness;
    if (input.probes.startup) c['startupProbe'] = input.probes.startup;
  }
  if (input.lifecycle) c['lifecycle'] = input.lifecycle;
  if (input.volumeMounts && input.volumeMounts.length > 0) c['volumeMounts'] = input.volumeMounts.map((m) => ({ ...m }));
  c['securityContext'] = restrictedContainerSecurityContext(
    input.readOnlyRootFilesystem === undefined ? {} : { readOnlyRootFilesystem: input.readOnlyRootFilesystem },
  );
  return c;
}

export type { AntiAffinity } from './pod-policy.ts';

export interface PodSpecInput {
  readonly serviceAccountName: string;
  readonly containers: readonly Record<string, unknown>[];
  readonly initContainers?: readonly Record<string, unknown>[];
  readonly volumes?: readonly Record<string, unknown>[];
  /** Selector for anti-affinity and zone spread. */
  readonly selector: Labels;
  /** @default 'preferred' when replicas > 1 */
  readonly antiAffinity?: AntiAffinity;
  readonly replicas: number;
  /** Non-root UID/GID for Kubernetes targets whose image user is not numeric; ignored on OpenShift. */
  readonly kubernetesUser?: { runAsUser: number; fsGroup?: number };
  readonly terminationGracePeriodSeconds?: number;
  /** Mount the ServiceAccount token (only for pods that call the API). @default false */
  readonly automountServiceAccountToken?: boolean;
  readonly enableServiceLinks?: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
}

/** A pod spec with the platform's pod policy (restricted security, anti-affinity, zone spread) and token automount off. */
export function podSpec(ctx: BuildContext, input: PodSpecInput): Record<string, unknown> {
  const policy = podPolicy(ctx, {
    selector: input.selector,
    replicas: input.replicas,
    ...(input.antiAffinity !== undefined ? { antiAffinity: input.antiAffinity } : {}),
    ...(input.kubernetesUser !== undefined ? { kubernetesUser: input.kubernetesUser } : {}),
  });
  const spec: Record<string, unknown> = {
    serviceAccountName: input.serviceAccountName,
    automountServiceAccountToken: input.automountServiceAccountToken ?? false,
    // Kubernetes injects <SERVICE>_PORT variables that break several JVM apps (audit A-25).
    enableServiceLinks: input.enableServiceLinks ?? false,
    securityContext: policy.securityContext,
  };
  if (input.hostname) spec['hostname'] = input.hostname;
  if (input.subdomain) spec['subdomain'] = input.subdomain;
  if (input.terminationGracePeriodSeconds !== undefined) spec['terminationGracePeriodSeconds'] = input.terminationGracePeriodSeconds;
  Object.assign(spec, policy.scheduling, policy.pullSecrets);
  if (input.initContainers && input.initContainers.length > 0) spec['initContainers'] = [...input.initContainers];
  spec['containers'] = [...input.containers];
  if (input.volumes && input.volumes.length > 0) spec['volumes'] = [...input.volumes];
  return spec;
}

export interface WorkloadInput {
  readonly name: string;
  /** Role label value (`coordinator`); the component name when absent. */
  readonly role?: string;
  readonly replicas: number;
  readonly pod: Omit<PodSpecInput, 'selector' | 'replicas'>;
  /** Pod template annotations (config checksums, scrape hints). */
  readonly podAnnotations?: Record<string, string>;
}

function template(ctx: BuildContext, input: WorkloadInput, selector: Labels) {
  const metadata: Record<string, unknown> = { labels: ctx.labels(input.role) };
  if (input.podAnnotations) metadata['annotations'] = { ...input.podAnnotations };
  return { metadata, spec: podSpec(ctx, { ...input.pod, selector, replicas: input.replicas }) };
}

/** A Deployment with rolling updates that never drop below the desired count. */
export function deployment(ctx: BuildContext, input: WorkloadInput): KubeObject {
  const selector = ctx.selector(input.role);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: ctx.namespace, labels: ctx.labels(input.role) },
    spec: {
      replicas: input.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: template(ctx, input, selector),
    },
  };
}

/** A workload with the declarations restated from it: what `check` sizes and what the PDB deriver guards. */
export interface DeclaredWorkload {
  readonly object: KubeObject;
  readonly footprint: PodFootprint;
  readonly disruption: DisruptionSpec;
}

/** What a declared workload adds to its Deployment or StatefulSet input: what `check` sizes and the PDB guards. */
export interface DeclaredInput {
  /** Requests and limits of one pod (the sum of its long-running containers). */
  readonly resources: ResourceSpec;
  /** Replicas the service needs to keep working. @default 1 */
  readonly minAvailable?: number;
  /** Replicas an autoscaler may scale to: the footprint counts these, the PDB the rendered `replicas`. @default replicas */
  readonly maxReplicas?: number;
  /** Pods one disruption may take at once (the PDB's maxUnavailable). @default replicas - 1 for replicas ≥ 2 */
  readonly maxUnavailable?: number;
  /** Persistent storage per replica by tier, for the capacity check (a StatefulSet's claims). */
  readonly storage?: PodFootprint['storage'];
}

function declared(ctx: BuildContext, object: KubeObject, input: WorkloadInput & DeclaredInput): DeclaredWorkload {
  return {
    object,
    footprint: {
      name: input.name,
      namespace: ctx.namespace,
      replicas: input.maxReplicas ?? input.replicas,
      resources: input.resources,
      ...(input.storage === undefined ? {} : { storage: input.storage }),
      ...(input.pod.antiAffinity === 'required' && input.replicas > 1 ? { spreadRequired: true } : {}),
      minAvailable: input.minAvailable ?? 1,
    },
    disruption: {
      name: input.name,
      namespace: ctx.namespace,
      selector: ctx.selector(input.role),
      replicas: input.replicas,
      ...(input.maxUnavailable === undefined ? {} : { maxUnavailable: input.maxUnavailable }),
    },
  };
}

/**
 * A Deployment together with its footprint (name, replicas, the container resources per pod) and
 * its disruption entry (the pods' own selector), so neither restates what the Deployment says.
 */
export function declaredDeployment(ctx: BuildContext, input: WorkloadInput & DeclaredInput): DeclaredWorkload {
  return declared(ctx, deployment(ctx, input), input);
}

export interface VolumeClaim {
  readonly name: string;
  readonly size: string;
  readonly storageClass: string | undefined;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly string[];
}

/** A PVC spec (for StatefulSet templates and standalone claims). */
export function claimSpec(claim: VolumeClaim): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    accessModes: [...(claim.accessModes ?? ['ReadWriteOnce'])],
    resources: { requests: { storage: claim.size } },
  };
  if (claim.storageClass !== undefined) spec['storageClassName'] = claim.storageClass;
  return spec;
}

/** A StatefulSet with a headless governing Service name, parallel start and retained PVCs. */
export function statefulSet(ctx: BuildContext, input: StatefulSetInput): KubeObject {
  const selector = ctx.selector(input.role);
  const spec: Record<string, unknown> = {
    replicas: input.replicas,
    serviceName: input.serviceName,
    podManagementPolicy: input.podManagementPolicy ?? 'Parallel',
    revisionHistoryLimit: 5,
    selector: { matchLabels: selector },
    updateStrategy: { type: 'RollingUpdate' },
    // Data outlives the workload: uninstall keeps PVCs unless --purge-data.
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    template: template(ctx, input, selector),
  };
  if (input.volumeClaims && input.volumeClaims.length > 0) {
    spec['volumeClaimTemplates'] = input.volumeClaims.map((claim) => ({
      metadata: { name: claim.name, labels: ctx.labels(input.role) },
      spec: claimSpec(claim),
    }));
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: input.name, namespace: ctx.namespace, labels: ctx.labels(input.role) },
    spec,
  };
}

/** `statefulSet`'s input. */
export type StatefulSetInput = WorkloadInput & { serviceName: string; volumeClaims?: readonly VolumeClaim[]; podManagementPolicy?: 'Parallel' | 'OrderedReady' };

/**
 * A StatefulSet together with its footprint and disruption entry (see `declaredDeployment`);
 * `storage` gives the claims' tiers for the capacity check, which the claim templates do not name.
 */
export function declaredStatefulSet(ctx: BuildContext, input: StatefulSetInput & DeclaredInput): DeclaredWorkload {
  return declared(ctx, statefulSet(ctx, input), input);
}

export interface ServiceInput {
  readonly name: string;
  readonly role?: string;
  readonly ports: readonly { name: string; port: number; targetPort?: number | string; protocol?: 'TCP' | 'UDP' }[];
  /** Headless (clusterIP: None) for StatefulSet pod DNS. */
  readonly headless?: boolean;
  readonly publishNotReadyAddresses?: boolean;
  /** Selector override; the role's selector otherwise. */
  readonly selector?: Labels;
}

/** A ClusterIP Service (never NodePort or LoadBalancer: exposure goes through Routes/Ingress). */
export function service(ctx: BuildContext, input: ServiceInput): KubeObject {
  const spec: Record<string, unknown> = {
    type: 'ClusterIP',
    selector: { ...(input.selector ?? ctx.selector(input.role)) },
    ports: input.ports.map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
    })),
  };
  if (input.headless) spec['clusterIP'] = 'None';
  if (input.publishNotReadyAddresses) spec['publishNotReadyAddresses'] = true;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: input.name, namespace: ctx.namespace, labels: ctx.labels(input.role) },
    spec,
  };
}

/** A ServiceAccount with token automount off (pods that need the API opt in). */
export function serviceAccount(ctx: BuildContext, name: string, options: { automount?: boolean; role?: string } = {}): KubeObject {
  const sa: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels(options.role) },
    automountServiceAccountToken: options.automount ?? false,
  };
  if (ctx.config.images.pullSecrets.length > 0) sa['imagePullSecrets'] = ctx.config.images.pullSecrets.map((n) => ({ name: n }));
  return sa;
}

/** A ConfigMap; keys are sorted so output is deterministic whatever order the caller built them in. */
export function configMap(ctx: BuildContext, name: string, data: Record<string, string>, role?: string): KubeObject {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(data).sort()) sorted[key] = data[key]!;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ctx.namespace, labels: ctx.labels(role) }, data: sorted };
}

/**
 * A simple FNV-1a hash, for config checksum annotations that roll pods when config changes and for
 * names that change with their content. Always starts with a letter: bare hex such as `9398e531`
 * or `123456` is a number to a YAML reader once a tool writes it unquoted (`kubectl kustomize`
 * does), and an annotation value must be a string.
 */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `h${hash.toString(16).padStart(8, '0')}`;
}

export { LABEL };

