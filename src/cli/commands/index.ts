import type { CliCommand } from '../command.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

/** One entry of the command table: its name, its one-line summary for `--help`, and its module. */
export interface CommandEntry {
  readonly name: string;
  /** The command's `.description(...)`, repeated here so top-level help loads no command module (a test keeps them equal). */
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
  /** Every exit code the command returns, documented in the README's command table (a test keeps them equal). */
  readonly exits: readonly ExitCode[];
}

/** Read commands and offline commands: 0 done, 1 failed (an error, or a finding/difference the command exists to report). */
const OK_OR_FAILURE = [EXIT.ok, EXIT.failure] as const;

/**
 * The command table, in help order. Each entry loads its module on demand: the cluster commands
 * pull in client-node and every protocol client, which `render`, `check` and `--help` should not
 * pay for.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', summary: 'write a commented starting datalyptica.yaml (and its JSON Schema beside it)', load: async () => (await import('./init.ts')).initCommand , exits: OK_OR_FAILURE },
  { name: 'schema', summary: 'print the JSON Schema of datalyptica.yaml (for editors: yaml-language-server)', load: async () => (await import('./schema.ts')).schemaCommand , exits: OK_OR_FAILURE },
  { name: 'render', summary: 'render every manifest as a Kustomize tree plus bundle.yaml', load: async () => (await import('./render.ts')).renderCommand , exits: OK_OR_FAILURE },
  { name: 'check', summary: 'check the rendered platform offline (schemas, security policy, HA, capacity, network), or any manifests: FILE, DIR (recursive) or - for stdin', load: async () => (await import('./check.ts')).checkCommand , exits: OK_OR_FAILURE },
  { name: 'secrets', summary: "generate, list and seal the platform's passwords and keys (values are never printed)", load: async () => (await import('./secrets.ts')).secretsCommand , exits: OK_OR_FAILURE },
  { name: 'images', summary: 'list every image, operator package, chart and manifest to mirror for a disconnected cluster', load: async () => (await import('./images.ts')).imagesCommand , exits: OK_OR_FAILURE },
  { name: 'versions', summary: 'list every pinned upstream version (images, charts, OLM channels) with its source, check date and newer release', load: async () => (await import('./versions.ts')).versionsCommand , exits: OK_OR_FAILURE },
  { name: 'flows', summary: 'print who may reach whom (from the rendered NetworkPolicies) against the declared flows', load: async () => (await import('./flows.ts')).flowsCommand , exits: OK_OR_FAILURE },
  { name: 'validate', summary: 'run the live checks against a deployed platform (seed 002 groups; exit 1 on any failure)', load: async () => (await import('./validate.ts')).validateCommand , exits: OK_OR_FAILURE },
  { name: 'deploy', summary: 'apply the platform to the cluster: operators first, then components in dependency order, waiting for readiness', load: async () => (await import('./deploy.ts')).deployCommand , exits: [EXIT.ok, EXIT.failure, EXIT.interrupted] },
  { name: 'status', summary: 'show each component on the cluster: ready, progressing, failed or absent, endpoints and versions', load: async () => (await import('./status.ts')).statusCommand , exits: OK_OR_FAILURE },
  { name: 'diff', summary: 'show what deploy would change (server-side dry-run apply against live); exit 3 when changes are pending', load: async () => (await import('./diff.ts')).diffCommand , exits: [EXIT.ok, EXIT.failure, EXIT.pendingChanges] },
  { name: 'uninstall', summary: 'remove the platform in reverse order; keeps volumes, buckets and databases unless --purge-data', load: async () => (await import('./uninstall.ts')).uninstallCommand , exits: [EXIT.ok, EXIT.failure, EXIT.nothingToDo] },
];

/**
 * The commands to register for `argv`: the one named (also after `help`), or — for top-level
 * help, `--version` and unknown commands — every command from the static table, which is enough
 * for commander's help and "did you mean" and loads no command module.
 */
export async function commandsFor(argv: readonly string[]): Promise<CliCommand[]> {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  const named = COMMANDS.find((c) => c.name === first);
  if (named !== undefined) return [await named.load()];
  return COMMANDS.map(summaryOnly);
}

function summaryOnly(entry: CommandEntry): CliCommand {
  return {
    register(program) {
      program.command(entry.name).description(entry.summary);
    },
  };
}
