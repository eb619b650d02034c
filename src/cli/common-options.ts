import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { assemblePlatform } from '../platform/assemble.ts';
import type { Platform } from '../platform/platform.ts';
import { withSealedSecrets } from '../platform/sealed-secrets.ts';
import { loadSealedSecrets } from '../secrets/sealed-files.ts';
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
 * Loads the config named by `-c` (or the default) and assembles the platform. With
 * `secrets.mode: sealed-secrets` the SealedSecrets from `secrets.sealedDir` join the platform's
 * objects (so render, check, diff and deploy all see them); until they are sealed, commands that
 * only read say so as a warning, and `requireSealed` makes it an error (deploy).
 */
export function platformFrom(options: { config?: string }, extra: { requireSealed?: boolean } = {}): { platform: Platform; source: string } {
  const { config, source } = loadConfig(options.config);
  const platform = assemblePlatform(config);
  if (config.secrets.mode !== 'sealed-secrets') return { platform, source };
  try {
    return { platform: withSealedSecrets(platform, loadSealedSecrets(platform, config.secrets.sealedDir)), source };
  } catch (error) {
    if (extra.requireSealed || !isDatalypticaError(error) || error.code !== ErrorCode.SecretsMissing) throw error;
    return { platform: { ...platform, warnings: [...platform.warnings, `secrets: ${error.message}; ${error.hint ?? ''}`.trim()] }, source };
  }
}
