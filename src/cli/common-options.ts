import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { assemblePlatform } from '../platform/assemble.ts';
import type { Platform } from '../platform/platform.ts';
import { withCommittedSecrets } from '../platform/secrets/committed.ts';
import { secretsBackend } from '../platform/secrets/index.ts';
import { fileSecretStore } from '../secrets/store.ts';
import { ErrorCode, isDatalypticaError } from '../errors.ts';

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
