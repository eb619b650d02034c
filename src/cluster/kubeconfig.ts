import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parseDocument } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';

/** Where the service-account token of a pod lives; its presence means "running in a cluster". */
const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeConfigOptions {
  /** `--kubeconfig`: one file, used alone (KUBECONFIG is then ignored, as kubectl does). */
  readonly kubeconfig?: string;
  /** `--context`: overrides the file's current-context. */
  readonly context?: string;
  /** The environment to read KUBECONFIG and HOME from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the config came from, for error messages and `status`. */
export interface KubeConfigSource {
  readonly files: readonly string[];
  readonly inCluster: boolean;
}

const SOURCES = new WeakMap<KubeConfig, KubeConfigSource>();

/** The files (or in-cluster account) a config returned by {@link resolveKubeConfig} was read from. */
export function kubeConfigSource(config: KubeConfig): KubeConfigSource {
  return SOURCES.get(config) ?? { files: [], inCluster: false };
}

function parseFile(file: string): KubeConfig {
  const config = new KubeConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `cannot read kubeconfig ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: 'pass an existing file with --kubeconfig, or log in first: oc login <api-url> / kubectl config view',
    });
  }
  if (text.trim() === '') {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `kubeconfig ${file} is empty`, {
      hint: 'log in first: oc login <api-url>, or point --kubeconfig at another file',
    });
  }
  assertKubeconfigShape(file, text);
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `kubeconfig ${file} is not a valid kubeconfig: ${(error as Error).message}`, {
      cause: error,
      hint: `check it with: kubectl config view --kubeconfig ${file}`,
    });
  }
  return config;
}

/**
 * A kubeconfig is a YAML mapping (`kind: Config`) with `clusters`, `users` and `contexts` lists.
 * Checked before the client library reads it, which otherwise accepts any YAML and then reports
 * only "no current-context".
 * @see https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/
 */
function assertKubeconfigShape(file: string, text: string): void {
  const hint = `check it with: kubectl config view --kubeconfig ${file}`;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `kubeconfig ${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]!.replace(/:$/, '')}`, { hint });
  }
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  const isMapping = typeof value === 'object' && value !== null && !Array.isArray(value);
  const record = isMapping ? (value as Record<string, unknown>) : {};
  const problems: string[] = [];
  if (!isMapping) problems.push(`expected a mapping (kind: Config), got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
  else {
    if (record['kind'] !== undefined && record['kind'] !== 'Config') problems.push(`kind is ${JSON.stringify(record['kind'])}, expected "Config"`);
    for (const key of ['clusters', 'users', 'contexts']) {
      if (record[key] !== undefined && record[key] !== null && !Array.isArray(record[key])) problems.push(`${key} must be a list`);
    }
    if (!['clusters', 'users', 'contexts'].some((key) => Array.isArray(record[key]))) problems.push('it has no clusters, users or contexts');
  }
  if (problems.length > 0) {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `${file} is not a kubeconfig: ${problems.join('; ')}`, { hint });
  }
}

/**
 * Merges configs the way kubectl merges a KUBECONFIG list: the first file that defines a
 * cluster, user or context name wins, and the first non-empty current-context wins.
 * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files
 */
function mergeFirstWins(configs: readonly KubeConfig[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current = '';
  for (const config of configs) {
    for (const cluster of config.clusters) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.users) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (current === '' && config.currentContext) current = config.currentContext;
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current });
  return merged;
}

/**
 * Resolves the kubeconfig as kubectl does: `--kubeconfig`, else the KUBECONFIG list (merged,
 * missing files skipped), else `~/.kube/config`, else the in-cluster service account.
 * `--context` overrides current-context. Throws a {@link DatalypticaError} on a missing or
 * invalid file, an unknown context, or no config at all.
 * @see https://kubernetes.io/docs/reference/kubectl/generated/kubectl_config/
 */
export function resolveKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  let config: KubeConfig;
  let source: KubeConfigSource;
  if (options.kubeconfig !== undefined && options.kubeconfig !== '') {
    if (!existsSync(options.kubeconfig)) {
      throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `kubeconfig ${options.kubeconfig} does not exist`, {
        hint: 'pass an existing file with --kubeconfig, or log in first: oc login <api-url> --kubeconfig <file>',
      });
    }
    config = parseFile(options.kubeconfig);
    source = { files: [options.kubeconfig], inCluster: false };
  } else if (env['KUBECONFIG'] !== undefined && env['KUBECONFIG'] !== '') {
    const listed = env['KUBECONFIG'].split(delimiter).filter((file) => file !== '');
    const present = listed.filter((file) => existsSync(file));
    if (present.length === 0) {
      throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `none of the files in KUBECONFIG exist: ${listed.join(delimiter)}`, {
        hint: 'fix KUBECONFIG, or log in first: oc login <api-url>',
      });
    }
    config = mergeFirstWins(present.map(parseFile));
    source = { files: present, inCluster: false };
  } else {
    const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
    const file = join(home, '.kube', 'config');
    if (existsSync(file)) {
      config = parseFile(file);
      source = { files: [file], inCluster: false };
    } else if (env['KUBERNETES_SERVICE_HOST'] && existsSync(IN_CLUSTER_TOKEN)) {
      config = new KubeConfig();
      config.loadFromCluster();
      source = { files: [], inCluster: true };
    } else {
      throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `no kubeconfig: --kubeconfig not given, KUBECONFIG not set, ${file} absent, not running in a cluster`, {
        hint: 'log in first: oc login <api-url>  (or kubectl config use-context <name>), or pass --kubeconfig <file>',
      });
    }
  }

  if (options.context !== undefined && options.context !== '') {
    if (config.getContextObject(options.context) === null) {
      throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `context "${options.context}" is not in the kubeconfig (${describeSource(source)})`, {
        details: [`known contexts: ${config.getContexts().map((c) => c.name).join(', ') || 'none'}`],
        hint: 'list them with: kubectl config get-contexts',
      });
    }
    config.setCurrentContext(options.context);
  }
  const current = config.getCurrentContext();
  if (!current || config.getContextObject(current) === null) {
    throw new DatalypticaError(
      ErrorCode.KubeconfigInvalid,
      current ? `current-context "${current}" is not defined in the kubeconfig (${describeSource(source)})` : `the kubeconfig (${describeSource(source)}) has no current-context`,
      { hint: 'choose one: kubectl config use-context <name>, or pass --context <name>' },
    );
  }
  if (config.getCurrentCluster() === null) {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `context "${current}" names a cluster that is not in the kubeconfig (${describeSource(source)})`, {
      hint: 'check it with: kubectl config view --minify',
    });
  }
  SOURCES.set(config, source);
  return config;
}

function describeSource(source: KubeConfigSource): string {
  return source.inCluster ? 'in-cluster service account' : source.files.join(delimiter);
}
