import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify, parse } from 'yaml';
import type { UserConfig } from '../../src/config/schema.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { buildDeployGraph } from '../../src/platform/deploy-graph.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { generateSecrets, loadGeneratedSecrets } from '../../src/secrets/index.ts';
import { cli, type CliResult } from './cli.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { writeHelmStandIn } from './helm-stand-in.ts';
import { platformFor } from './platform.ts';
import { CRD_DIR, realApiServer, type RealApiServer } from './real-api-server.ts';
import { startStatusStandIn, type StandInOptions, type StatusStandIn } from './status-stand-in.ts';
import { tempDir } from './temp.ts';

/**
 * A platform to deploy for real: the shared real API server, the status stand-in playing the controllers, a fault
 * proxy in front (deploy, status, diff and uninstall go through it), and what a user prepares before `deploy`: the
 * config file, `secrets generate`'s folder, the Secrets the platform reads but does not create, the mirrored
 * operator manifests (`--operator-manifests`) and a helm (`--helm`, the stand-in: no chart repository here).
 */
export interface RealDeploy {
  readonly server: RealApiServer;
  readonly platform: Platform;
  readonly proxy: FaultProxy;
  /** The stand-in; a test that restarts the API server replaces it (controllers reconnect too). */
  standIn: StatusStandIn;
  readonly dir: string;
  readonly configFile: string;
  readonly secretsDir: string;
  readonly secrets: readonly KubeObject[];
  /** The helm stand-in (`--helm`) and the mirrored operator manifests folder (`--operator-manifests`). */
  readonly helm: string;
  readonly mirror: string;
  /** The kubeconfig through the proxy. */
  readonly kubeconfig: string;
  /** `-c <config> --kubeconfig <proxied>`: what every cluster command gets. */
  readonly base: readonly string[];
  /** `base` plus deploy's own flags (secrets folder, mirrored manifests, helm, a short phase timeout). */
  readonly deployArgs: readonly string[];
  /** Runs a CLI command in-process, as a user would from a script (no terminal). */
  run(args: readonly string[], options?: { stdin?: string; tty?: boolean; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  stop(): Promise<void>;
}

/** A manifest install's release file as mirrored for `--operator-manifests`: its namespace, its upstream CRDs, a controller Deployment. */
export function mirroredManifest(install: { id: string; namespace: string }, crds: readonly string[]): string {
  const docs: unknown[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: install.namespace } }];
  for (const name of crds) {
    const file = join(CRD_DIR, name.slice(name.indexOf('.') + 1), `${name}.yaml`);
    if (existsSync(file)) docs.push(parse(readFileSync(file, 'utf8')));
  }
  const labels = { 'app.kubernetes.io/name': install.id };
  docs.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: install.id, namespace: install.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'manager', image: `registry.invalid/${install.id}:1`, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
        },
      },
    },
  });
  return docs.map((d) => stringify(d)).join('---\n');
}

/** Runs the real kubectl against the server (as a user preparing the cluster would); throws with its stderr. */
export function kubectl(kubeconfig: string, args: readonly string[], input?: string): string {
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

/**
 * The name prefixes of the test files that deploy on the run's shared API server: each file's stand-in keeps to its
 * own namespaces (`<prefix>-…`) and leaves the others' alone (operator namespaces are shared).
 */
export const TEST_PREFIXES: readonly string[] = ['life', 'engine', 'faults', 'bench', 'applied', 'full'];

/** Prepares a deploy of `config` against the run's real API server, or says why there is none. */
export async function realDeploy(config: UserConfig, options: Omit<StandInOptions, 'endpoint'> & { server?: RealApiServer } = {}): Promise<RealDeploy | { skip: string }> {
  const server = options.server ?? (await realApiServer());
  if ('skip' in server) return server;
  const platform = platformFor(config);
  const dir = tempDir('datalyptica-real-deploy-');
  const configFile = join(dir, 'datalyptica.yaml');
  writeFileSync(configFile, stringify(config));
  const secretsDir = join(dir, 'secrets');
  generateSecrets(platform.secrets, secretsDir);
  const secrets = loadGeneratedSecrets(platform, secretsDir);

  // What the cluster has before deploy (OpenShift's operator namespaces, a default StorageClass) and what the user
  // creates first (the Secrets the platform reads but does not create), applied with kubectl as they would be.
  const setup: unknown[] = [];
  if (platform.config.target === 'openshift') for (const name of ['openshift-operators', 'openshift-marketplace']) setup.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  setup.push({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/stand-in', volumeBindingMode: 'Immediate' });
  const external = platform.secrets.filter((x) => x.source === 'external');
  for (const namespace of new Set(external.map((r) => r.namespace))) setup.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  for (const r of external) {
    setup.push({ apiVersion: 'v1', kind: 'Secret', type: r.type ?? 'Opaque', metadata: { name: r.name, namespace: r.namespace }, data: Object.fromEntries(r.keys.map((k) => [k.key, Buffer.from(`provided-by-the-user-${k.key}`).toString('base64')])) });
  }
  kubectl(server.kubeconfig, ['apply', '--server-side', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: setup }));
  const mirror = join(dir, 'manifests');
  mkdirSync(mirror);
  for (const step of buildDeployGraph(platform).steps) {
    if (step.install?.type === 'manifest') writeFileSync(join(mirror, `${step.install.id}.yaml`), mirroredManifest(step.install, step.crds));
  }
  const helm = writeHelmStandIn(dir);

  const { server: _server, ...standInOptions } = options;
  const prefix = platform.config.namePrefix;
  const others = TEST_PREFIXES.filter((p) => p !== prefix);
  const standIn = await startStatusStandIn({ endpoint: server, namespaces: (ns) => !others.some((p) => new RegExp(`^${p}\\d*-`).test(ns)) || ns.startsWith(`${prefix}-`), ...standInOptions });
  const proxy = await startFaultProxy(server);
  const kubeconfig = proxy.kubeconfig(dir);
  const base = ['-c', configFile, '--kubeconfig', kubeconfig];
  const deployArgs = [...base, '--secrets-dir', secretsDir, '--operator-manifests', mirror, '--helm', helm, '--phase-timeout', '60'];
  const made: RealDeploy = {
    server,
    platform,
    proxy,
    standIn,
    dir,
    configFile,
    secretsDir,
    secrets,
    helm,
    mirror,
    kubeconfig,
    base,
    deployArgs,
    run: (args, runOptions = {}) => cli(args, runOptions),
    stop: async () => {
      await proxy.stop();
      await made.standIn.stop();
    },
  };
  return made;
}
