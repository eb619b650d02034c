import { Option } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { parseConfigText } from '../../config/load.ts';
import { starterConfig } from '../../config/starter.ts';
import { configJsonSchema } from '../../config/json-schema.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { LAYOUTS, PROFILES, TARGETS, type Layout, type Profile, type Target } from '../../model/names.ts';
import type { CliCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { note } from '../io.ts';
import { dirname, join } from 'node:path';

export const initCommand: CliCommand = {
  register(program, { io, setExit }) {
    program
      .command('init')
      .description('write a commented starting datalyptica.yaml (and its JSON Schema beside it)')
      .option('-f, --file <file>', 'where to write', 'datalyptica.yaml')
      .addOption(new Option('--target <target>', 'cluster type: openshift (Routes, OLM, restricted-v2) or kubernetes (Ingress, Helm/manifest operators)').choices([...TARGETS]).default('openshift'))
      .addOption(new Option('--profile <profile>', 'sizing: production (the seeds\' HA), small (modest HA) or dev (fits one node)').choices([...PROFILES]).default('production'))
      .addOption(new Option('--layout <layout>', 'namespaces: functional (one per tier) or layered (the delivery package\'s five)').choices([...LAYOUTS]).default('functional'))
      .option('--domain <domain>', 'domain for exposed hosts', 'apps.datalyptica.example.com')
      .option('--force', 'overwrite an existing file')
      .action((options: { file: string; target: Target; profile: Profile; layout: Layout; domain: string; force?: boolean }) => {
        if (existsSync(options.file) && !options.force) {
          throw new DatalypticaError(ErrorCode.OutputExists, `${options.file} already exists`, { hint: 'pass --force to overwrite it' });
        }
        const text = starterConfig(options);
        // Never write a starting file that would not load.
        parseConfigText(text, options.file);
        writeFileSync(options.file, text);
        writeFileSync(join(dirname(options.file), 'datalyptica.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        note(io, `wrote ${options.file}; next: datalyptica render -c ${options.file}`);
        setExit(EXIT.ok);
      });
  },
};
