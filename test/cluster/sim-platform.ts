import { connect, type ClusterConnection } from '../../src/cluster/connection.ts';
import { deployPlatform, type DeployEvent, type DeployOptions, type DeployResult } from '../../src/cluster/deploy.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { generateSecrets, loadGeneratedSecrets } from '../../src/secrets/index.ts';
import { platformFor } from '../support/platform.ts';
import { provideExternalSecrets, startSimCluster, type Obj, type SimCluster } from '../support/sim-api-server/index.ts';
import { tempDir } from '../support/temp.ts';

/** What the simulated API server stored, in order: the first write of every object. */
export interface Created {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly object: Obj;
}

export interface SimPlatform {
  readonly platform: Platform;
  readonly sim: SimCluster;
  readonly connection: ClusterConnection;
  /** The folder `secrets generate` wrote to (as the CLI's --secrets-dir). */
  readonly secretsDir: string;
  readonly secrets: readonly KubeObject[];
  readonly created: Created[];
  /** Namespaces the cluster had before anything was created (OpenShift's own). */
  readonly preexisting: ReadonlySet<string>;
  readonly events: DeployEvent[];
  run(extra?: Partial<DeployOptions>): Promise<DeployResult>;
}

/**
 * A full platform against the simulated API server: its generated Secrets written with the
 * secrets library, the user's external Secrets provided, and a log of every object created.
 */
export async function simPlatform(config: UserConfig, options: Parameters<typeof startSimCluster>[1] = {}): Promise<SimPlatform> {
  const platform = platformFor(config);
  const secretsDir = tempDir('datalyptica-secrets-');
  generateSecrets(platform.secrets, secretsDir);
  const secrets = loadGeneratedSecrets(platform, secretsDir);
  const sim = await startSimCluster(platform, options);
  const preexisting = new Set(sim.server.list('Namespace').map((n) => n.metadata.name));
  const created: Created[] = [];
  sim.server.onChange((event) => {
    if (event.type !== 'ADDED') return;
    const o = event.object;
    created.push({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, object: o });
  });
  provideExternalSecrets(sim.server, platform);
  const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
  const events: DeployEvent[] = [];
  const run = (extra: Partial<DeployOptions> = {}) =>
    deployPlatform({ client: connection.client, access: connection.childAccess, platform, secrets, fetchManifest: sim.manifests, helm: sim.helm, phaseTimeoutSeconds: 20, onEvent: (e) => events.push(e), ...extra });
  return { platform, sim, connection, secretsDir, secrets, created, preexisting, events, run };
}

/** Index of the first created object matching, or -1. */
export function createdAt(created: readonly Created[], match: (c: Created) => boolean): number {
  return created.findIndex(match);
}
