import type { ResolvedConfig } from '../../config/settings.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';

/** `secrets` of the config: the mode and where its files live. */
export type SecretsSettings = ResolvedConfig['secrets'];
export type SecretsMode = SecretsSettings['mode'];

/**
 * What the backends read from disk: the folder `secrets generate` writes and the folder
 * `secrets seal` writes. Implemented with node:fs by `src/secrets/store.ts`; the backends stay pure.
 */
export interface SecretStore {
  /** The secrets folder (`secrets.dir` or `--dir`). */
  readonly dir: string;
  /** The folder of SealedSecrets (`secrets.sealedDir` or `--out-dir`). */
  readonly sealedDir: string;
  /** Where the generated Secret of a requirement lives, for messages. */
  fileOf(requirement: Pick<SecretRequirement, 'namespace' | 'name'>): string;
  /** The decoded values of a generated Secret; undefined when its file does not exist. */
  generated(requirement: Pick<SecretRequirement, 'namespace' | 'name'>): Readonly<Record<string, string>> | undefined;
  /** The SealedSecret `secrets seal` wrote for a requirement; undefined when it is not sealed yet. */
  sealed(requirement: Pick<SecretRequirement, 'namespace' | 'name'>): KubeObject | undefined;
  /** One warning line per file or folder of the secrets folder that other users can read. */
  exposureWarnings(): readonly string[];
}

/** What `deploy` applies itself for a backend, before the workloads that read it. */
export interface MaterialisedSecrets {
  readonly secrets: readonly KubeObject[];
  /** Notes about where they came from (a secrets folder others can read). */
  readonly warnings: readonly string[];
}

/**
 * How the generated Secrets of the plan reach the cluster: one backend per `secrets.mode`, all
 * with this interface, so neither the platform nor the CLI asks which mode is on.
 * - `render`: objects the render tree holds for the plan; pure (no I/O, clock or randomness).
 * - `committed`: objects kept in Git next to the render (sealed offline) that join the platform,
 *   so `render`, `check`, `diff` and `deploy` all see them. Throws `DL_SECRETS_MISSING` naming
 *   what is not there yet.
 * - `materialise`: the Secrets `deploy` applies itself. Throws `DL_SECRETS_MISSING` likewise.
 * Copied Secrets (`source: copy`) are made by `deploy` unless the backend renders them
 * (`rendersCopies`): their values come from Secrets operators create in the cluster, which no
 * offline backend can read, so only a backend with an in-cluster controller (External Secrets'
 * PushSecret + ExternalSecret) can.
 */
export interface SecretsBackend {
  readonly mode: SecretsMode;
  /** The render holds objects that make the copies in the cluster: `deploy` copies nothing itself. */
  readonly rendersCopies: boolean;
  render(plan: readonly SecretRequirement[], settings: SecretsSettings): KubeObject[];
  committed(plan: readonly SecretRequirement[], store: SecretStore): KubeObject[];
  materialise(plan: readonly SecretRequirement[], store: SecretStore, options?: { readonly configFile?: string }): MaterialisedSecrets;
  /** What to run next, printed by `secrets generate` and `secrets seal` (undefined: nothing to add). */
  readonly next: { readonly generate?: string; readonly seal?: string };
}
