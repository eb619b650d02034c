import { Option, type Command } from 'commander';
import { config as zodConfig } from 'zod';
import { loadConfig } from '../config/load.ts';
import { assemblePlatform } from '../platform/assemble.ts';
import type { Platform } from '../platform/platform.ts';
import { withCommittedSecrets } from '../platform/secrets/committed.ts';
import { secretsBackend } from '../platform/secrets/index.ts';
import { fileSecretStore } from '../secrets/store.ts';
import { ErrorCode, isDatalypticaError } from '../errors.ts';

// A command parses the config once: zod's default compiles each object schema to a function on its first parse
// (about 30 ms for the config schema), which only pays off over many parses. Interpreted parsing gives the same
// results and issues. Set here, where the commands that read a config start (not in main.ts: `--help` loads no zod),
// and for the command line only: a program using the library keeps its own setting.
// @see https://zod.dev/packages/core#globalconfig
zodConfig({ jitless: true });

/** `-c, --config FILE`: every command that reads the platform takes it. */
export function withConfig(command: Command): Command {
  return command.option('-c, --config <file>', 'config file (default: ./datalyptica.yaml if present, else the built-in default)');
}

/** `-o table|yaml|json` for read commands. */
export function withOutput(command: Command, formats: readonly string[] = ['table', 'yaml', 'json'], fallback = 'table'): Command {
  return command.addOption(new Option('-o, --output <format>', 'output format').choices([...formats]).default(fallback));
}

/**
 * Loads the config named by `-c` (or the default) and assembles the platform. The objects the
 * `secrets.mode` backend keeps in Git (SealedSecrets from `secrets.sealedDir`) join the platform's
 * objects (so render, check, diff and deploy all see them); until they exist, commands that only
 * read say so as a warning, and `requireSecrets` makes it an error (deploy).
 */
export function platformFrom(options: { config?: string }, extra: { requireSecrets?: boolean } = {}): { platform: Platform; source: string } {
  const { config, source } = loadConfig(options.config);
  const platform = assemblePlatform(config);
  try {
    const committed = secretsBackend(config.secrets.mode).committed(platform.secrets, fileSecretStore(config.secrets));
    return { platform: withCommittedSecrets(platform, committed), source };
  } catch (error) {
    if (extra.requireSecrets || !isDatalypticaError(error) || error.code !== ErrorCode.SecretsMissing) throw error;
    return { platform: { ...platform, warnings: [...platform.warnings, `secrets: ${error.message}; ${error.hint ?? ''}`.trim()] }, source };
  }
}
