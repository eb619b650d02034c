import type { KubeConfig } from '@kubernetes/client-node';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { CheckGroup, LiveCheck, SecretKeyRef } from '../../model/live-check.ts';
import { systemNamespace } from '../../platform/layout.ts';
import type { Platform } from '../../platform/platform.ts';
import type { ObjectReader, ObjectWriter, Reach } from '../probes/context.ts';
import { runProbe } from '../probes/index.ts';
import { KubeObjectReader, KubeObjectWriter, secretReader } from '../probes/kube-objects.ts';
import { portForwardReach } from '../probes/port-forward.ts';
import { collectChecks } from './collect.ts';
import { runLiveChecks, type CheckResult, type ValidationReport } from './runner.ts';

/** How checks see the cluster: objects, Secret values, and a way to reach Services. */
export interface ClusterAccess {
  readonly objects: ObjectReader;
  readonly reach: Reach;
  /** Creates the short-lived test objects some checks need (the log probe's pod); without it those checks fail. */
  readonly writer?: ObjectWriter;
  /** @default Secrets read through `objects` */
  readonly secret?: (ref: SecretKeyRef) => Promise<string>;
}

/** The real cluster: the dynamic client for objects and Secrets, port-forward for Services. */
export async function clusterAccess(kubeConfig: KubeConfig): Promise<ClusterAccess> {
  const objects = await KubeObjectReader.create(kubeConfig);
  return { objects, writer: KubeObjectWriter.create(kubeConfig), reach: portForwardReach({ kubeConfig, objects }) };
}

export interface ValidateOptions {
  readonly platform: Platform;
  readonly cluster: ClusterAccess;
  readonly groups?: readonly CheckGroup[];
  /** @default 8 */
  readonly concurrency?: number;
  /** Overrides every check's timeout. */
  readonly timeoutSeconds?: number;
  readonly onResult?: (result: CheckResult) => void;
  /** Run these instead of the platform's (tests, `--group` already applied). */
  readonly checks?: readonly LiveCheck[];
}

/** Secrets shorter than this are not redacted by substring (they would mangle ordinary words). */
const MIN_REDACT_LENGTH = 4;

/** Records every Secret value read and removes them from any text. */
export class SecretRedactor {
  #values = new Set<string>();

  remember(value: string): string {
    if (value.length >= MIN_REDACT_LENGTH) this.#values.add(value);
    for (const line of value.split('\n')) if (line.trim().length >= 16) this.#values.add(line.trim());
    return value;
  }

  redact(text: string): string {
    let out = text;
    for (const value of [...this.#values].sort((a, b) => b.length - a.length)) out = out.split(value).join('[redacted]');
    return out;
  }
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** Fails fast, with one clear error, when the API server is unreachable or refuses us. */
async function preflight(platform: Platform, objects: ObjectReader): Promise<void> {
  try {
    await objects.get({ apiVersion: 'v1', kind: 'Namespace', name: systemNamespace(platform.config) });
  } catch (error) {
    const code = statusOf(error);
    if (code === 401 || code === 403) {
      throw new DatalypticaError(ErrorCode.ClusterUnauthorized, `the API server refused to read namespaces (HTTP ${code})`, {
        cause: error,
        hint: 'log in again (oc login / kubectl config use-context) with a user that can read the platform namespaces',
      });
    }
    throw new DatalypticaError(ErrorCode.ClusterUnreachable, `cannot reach the API server: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      hint: 'check the cluster address and your login: kubectl cluster-info (or pass --kubeconfig/--context)',
    });
  }
}

/**
 * Runs the platform's live checks against a cluster: the components' declared checks plus the
 * generic ones, concurrently, each under its timeout. Secrets are read at probe time and
 * redacted from every message.
 */
export async function validatePlatform(options: ValidateOptions): Promise<ValidationReport> {
  const { cluster, platform } = options;
  await preflight(platform, cluster.objects);
  const checks = options.checks ?? collectChecks(platform, options.groups === undefined ? {} : { groups: options.groups });
  const redactor = new SecretRedactor();
  const readSecret = cluster.secret ?? secretReader(cluster.objects);
  // User names are not secret (and often equal the name prefix): redacting them would blank every namespace in the report.
  const plain = new Set(platform.secrets.flatMap((r) => r.keys.filter((k) => k.kind === 'username' || k.value !== undefined).map((k) => `${r.namespace}/${r.name}/${k.key}`)));
  const secret = async (ref: SecretKeyRef) => {
    const value = await readSecret(ref);
    return plain.has(`${ref.namespace}/${ref.name}/${ref.key}`) ? value : redactor.remember(value);
  };
  return runLiveChecks(checks, {
    execute: (check, run) =>
      runProbe(check.probe, { reach: cluster.reach, objects: cluster.objects, ...(cluster.writer === undefined ? {} : { writer: cluster.writer }), secret, signal: run.signal, timeoutMs: run.timeoutMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
    ...(options.onResult === undefined ? {} : { onResult: options.onResult }),
    redact: (text) => redactor.redact(text),
  });
}
