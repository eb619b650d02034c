import assert from 'node:assert/strict';
import { connect, type ClusterConnection } from '../../src/cluster/connection.ts';
import { deployPlatform, type DeployEvent, type DeployOptions } from '../../src/cluster/deploy.ts';
import { resolveConfig } from '../../src/config/load.ts';
import type { ComponentDefinition } from '../../src/model/component.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import { buildDeployGraph } from '../../src/platform/deploy-graph.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { FIXTURE_DEFINITIONS } from '../cluster/fixture.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { writeHelmStandIn } from './helm-stand-in.ts';
import { kubectl, mirroredManifest } from './real-deploy.ts';
import { realApiServer, type RealApiServer } from './real-api-server.ts';
import { startStatusStandIn, type StandInOptions, type StatusStandIn } from './status-stand-in.ts';
import { tempDir } from './temp.ts';

/**
 * The deploy engine on a small platform (test/cluster/fixture.ts by default: an operator from a manifest and its
 * custom resource, a data volume, dependent workloads) against the run's real API server: its own namespaces
 * (`<base><run>x<n>-…`), its own status stand-in and fault proxy, the engine called as the CLI calls it, through
 * the proxy, with the helm stand-in for charts.
 */
export interface Engine {
  readonly server: RealApiServer;
  readonly platform: Platform;
  readonly proxy: FaultProxy;
  readonly standIn: StatusStandIn;
  readonly connection: ClusterConnection;
  readonly events: DeployEvent[];
  /** A temp folder of this instance (the proxied kubeconfig and the helm stand-in are in it). */
  readonly dir: string;
  /** The helm stand-in executable. */
  readonly helm: string;
  readonly ns: (suffix: string) => string;
  run(extra?: Partial<DeployOptions>): Promise<Awaited<ReturnType<typeof deployPlatform>>>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  readonly standIn?: Omit<StandInOptions, 'endpoint' | 'namespaces'>;
  readonly target?: 'openshift' | 'kubernetes';
  /** The components, the fixture's by default. */
  readonly definitions?: readonly ComponentDefinition[];
  /** The name prefix's stem (each file its own: a stand-in leaves other stems' namespaces alone). @default 'engine' */
  readonly stem?: string;
}

let counter = 0;
const RUN = Date.now() % 100_000;

/** A new engine instance, or undefined after skipping the test (no API server binary off CI). Stopped with {@link Engine.stop}. */
export async function realEngine(t: { skip(reason: string): void }, options: EngineOptions = {}): Promise<Engine | undefined> {
  const server = await realApiServer();
  if ('skip' in server) {
    t.skip(server.skip);
    return undefined;
  }
  const target = options.target ?? 'kubernetes';
  const stem = options.stem ?? 'engine';
  // Unique per run too: a run stopped half-way leaves its namespaces on a kept server.
  const prefix = `${stem}${RUN}x${++counter}`;
  const platform = assemblePlatform(resolveConfig({ target, profile: 'dev', namePrefix: prefix } as never), options.definitions ?? FIXTURE_DEFINITIONS);
  if (target === 'openshift') kubectl(server.kubeconfig, ['apply', '--server-side', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ['openshift-operators', 'openshift-marketplace'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) }));
  const others = new RegExp(`^${stem}\\d+x\\d+-`);
  const standIn = await startStatusStandIn({ endpoint: server, namespaces: (ns) => ns.startsWith(`${prefix}-`) || !others.test(ns), ...(options.standIn ?? {}) });
  const proxy = await startFaultProxy(server);
  const dir = tempDir('datalyptica-engine-');
  const helm = writeHelmStandIn(dir);
  const connection = await connect({ kubeconfig: proxy.kubeconfig(dir), client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
  const manifests = new Map(buildDeployGraph(platform).steps.flatMap((s) => (s.install?.type === 'manifest' ? [[s.install.url, mirroredManifest(s.install, s.crds)] as const] : [])));
  const events: DeployEvent[] = [];
  const run = (extra: Partial<DeployOptions> = {}) =>
    deployPlatform({
      client: connection.client,
      access: connection.childAccess,
      platform,
      fetchManifest: async (url) => manifests.get(url) ?? assert.fail(`no manifest for ${url}`),
      phaseTimeoutSeconds: 30,
      onEvent: (e) => events.push(e),
      ...extra,
    });
  const stop = async (): Promise<void> => {
    await proxy.stop();
    await standIn.stop();
  };
  return { server, platform, proxy, standIn, connection, events, dir, helm, ns: (suffix) => `${prefix}-${suffix}`, run, stop };
}
