import type { CliCommand } from '../command.ts';

/**
 * The command table, in help order. Each entry loads its module on demand: the cluster commands
 * pull in client-node and every protocol client (seconds of start-up), which `render` and `check`
 * should not pay for.
 */
export const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<CliCommand> }[] = [
  { name: 'init', load: async () => (await import('./init.ts')).initCommand },
  { name: 'schema', load: async () => (await import('./schema.ts')).schemaCommand },
  { name: 'render', load: async () => (await import('./render.ts')).renderCommand },
  { name: 'check', load: async () => (await import('./check.ts')).checkCommand },
  { name: 'secrets', load: async () => (await import('./secrets.ts')).secretsCommand },
  { name: 'images', load: async () => (await import('./images.ts')).imagesCommand },
  { name: 'flows', load: async () => (await import('./flows.ts')).flowsCommand },
  { name: 'validate', load: async () => (await import('./validate.ts')).validateCommand },
  { name: 'deploy', load: async () => (await import('./deploy.ts')).deployCommand },
  { name: 'status', load: async () => (await import('./status.ts')).statusCommand },
  { name: 'diff', load: async () => (await import('./diff.ts')).diffCommand },
  { name: 'uninstall', load: async () => (await import('./uninstall.ts')).uninstallCommand },
];

/** The commands to register for `argv`: just the one named, or all of them (help, unknown command). */
export async function commandsFor(argv: readonly string[]): Promise<CliCommand[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = COMMANDS.find((c) => c.name === first);
  const wanted = named === undefined ? COMMANDS : [named];
  return Promise.all(wanted.map((c) => c.load()));
}
