import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { assemblePlatform } from '../platform/assemble.ts';
import type { Platform } from '../platform/platform.ts';

/** `-c, --config FILE`: every command that reads the platform takes it. */
export function withConfig(command: Command): Command {
  return command.option('-c, --config <file>', 'config file (default: ./datalyptica.yaml if present, else the built-in default)');
}

/** `-o table|yaml|json` for read commands. */
export function withOutput(command: Command, formats: readonly string[] = ['table', 'yaml', 'json'], fallback = 'table'): Command {
  return command.addOption(new Option('-o, --output <format>', 'output format').choices([...formats]).default(fallback));
}

/** Loads the config named by `-c` (or the default) and assembles the platform. */
export function platformFrom(options: { config?: string }): { platform: Platform; source: string } {
  const { config, source } = loadConfig(options.config);
  return { platform: assemblePlatform(config), source };
}
