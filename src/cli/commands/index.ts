import type { CliCommand } from '../command.ts';
import { checkCommand } from './check.ts';
import { deployCommand } from './deploy.ts';
import { diffCommand } from './diff.ts';
import { statusCommand } from './status.ts';
import { uninstallCommand } from './uninstall.ts';
import { flowsCommand } from './flows.ts';
import { initCommand } from './init.ts';
import { renderCommand } from './render.ts';
import { schemaCommand } from './schema.ts';
import { secretsCommand } from './secrets.ts';
import { validateCommand } from './validate.ts';

/** The command table, in help order. */
export const COMMANDS: readonly CliCommand[] = [initCommand, schemaCommand, renderCommand, checkCommand, secretsCommand, flowsCommand, validateCommand, deployCommand, statusCommand, diffCommand, uninstallCommand];
