import type { BuildContext } from '../../model/build-context.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import { flowsToService } from '../../platform/flows.ts';
import type { DeclaredWorkload } from '../../platform/workload.ts';
import type { Consumption } from '../../model/consumption.ts';
import type { JupyterhubOptions } from './options.ts';
import { JUPYTERHUB_PORT } from './versions.ts';

/**
 * The label KubeSpawner puts on every user pod (`component_label`, as both `component` and
 * `app.kubernetes.io/component`); with `app.kubernetes.io/name: jupyterhub` from `common_labels`
 * it selects user pods and nothing else.
 */
export const USER_ROLE = 'singleuser-server';

export interface JupyterhubSelectors {
  readonly hub: Labels;
  readonly proxy: Labels;
  readonly users: Labels;
}

/** The hub and proxy workloads with the Services their peers reach them through. */
export interface JupyterhubNetwork {
  readonly selectors: JupyterhubSelectors;
  readonly hub: DeclaredWorkload;
  readonly proxy: DeclaredWorkload;
  readonly hubService: KubeObject;
  readonly proxyApiService: KubeObject;
}

/**
 * Connections inside JupyterHub: proxy → hub and user servers; hub ↔ proxy API; users → hub API.
 * Hub and proxy API through their Services; user servers have none (KubeSpawner reaches each pod
 * by IP on the single-user port).
 */
function internalFlows(n: JupyterhubNetwork): Flow[] {
  const s = n.selectors;
  const from = (selector: Labels) => ({ kind: 'component' as const, component: 'jupyterhub' as const, selector });
  return [
    ...flowsToService(n.hubService, [
      { from: from(s.proxy), description: 'the proxy forwards /hub/ (login, spawn form, API) to the hub' },
      { from: from(s.users), description: 'user servers authenticate requests and report activity through the hub API' },
    ], { pods: n.hub.object }),
    ...flowsToService(n.proxyApiService, [{ from: from(s.hub), description: 'the hub adds and removes user routes through the proxy API' }], { pods: n.proxy.object }),
    { from: from(s.proxy), toSelector: s.users, ports: [{ port: JUPYTERHUB_PORT.singleuser, name: 'notebook' }], description: 'the proxy forwards /user/<name>/ to that user\'s server' },
    { from: from(s.hub), toSelector: s.users, ports: [{ port: JUPYTERHUB_PORT.singleuser, name: 'notebook' }], description: 'the hub polls user servers while they start' },
  ];
}

/**
 * What user pods use in the lakehouse: Trino, MLflow, the Iceberg catalog, Kafka (with credentials users bring:
 * no KafkaUser is issued) and, with MinIO, the S3 API, each narrowed to user pods, never the hub.
 * The providers render the rules into their own policies.
 */
export function jupyterhubConsumes(ctx: BuildContext<JupyterhubOptions>): Consumption[] {
  const users = ctx.selector(USER_ROLE);
  const consumes: Consumption[] = [
    { component: 'trino', selector: users, purpose: 'notebooks run SQL through the Trino coordinator' },
    { component: 'mlflow', selector: users, purpose: 'notebooks log runs, metrics and artifacts to MLflow' },
    { component: 'nessie', selector: users, purpose: 'notebooks read and commit Iceberg metadata through the Nessie API and Iceberg REST' },
    { component: 'kafka', selector: users, purpose: 'notebooks produce and consume through the broker listeners (with credentials users bring)' },
  ];
  if (ctx.objectStorage.mode === 'minio') consumes.push({ component: 'object-storage', selector: users, purpose: 'PySpark notebooks read and write Iceberg table files through the S3 API' });
  return consumes;
}

/** Every connection into JupyterHub's pods (the ones from user pods into the lakehouse are `jupyterhubConsumes`). */
export function jupyterhubFlows(n: JupyterhubNetwork): Flow[] {
  return internalFlows(n);
}

/**
 * Connections out to non-components: the hub to the Kubernetes API (KubeSpawner), user pods to
 * an S3 outside the platform and, when allowed, the internet. User pods get no API server rule and
 * no PostgreSQL flow: the hub keeps its state in SQLite (docs/decisions/analytics-jupyterhub.md).
 */
export function jupyterhubEgress(ctx: BuildContext<JupyterhubOptions>, s: JupyterhubSelectors): Egress[] {
  const egress: Egress[] = [
    { to: { kind: 'apiserver' }, fromSelector: s.hub, ports: [{ port: 443 }, { port: 6443 }], description: 'KubeSpawner creates, watches and deletes user pods and PVCs' },
    ...ctx.objectStorage.consumerEgress('PySpark notebooks read and write Iceberg table files on S3').map((e) => ({ ...e, fromSelector: s.users })),
  ];
  if (ctx.options().singleuser.internetEgress) {
    egress.push({ to: { kind: 'internet' }, fromSelector: s.users, ports: [{ port: 443, name: 'https' }], description: 'notebooks install packages (pip, conda, Maven)' });
  }
  return egress;
}
