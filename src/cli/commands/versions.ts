import { Option } from 'commander';
import { outdatedPins, PINNED_VERSIONS } from '../../model/versions-catalog.ts';
import { VERSIONS_FORMATS, versionsOutput, type VersionsFormat } from '../../render/versions-list.ts';
import type { CliCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

/**
 * `datalyptica versions`: every pinned upstream version (images, charts, manifests, OLM channels,
 * Maven artifacts) with its source, the day it was checked and the newer upstream version when
 * the pin is behind. Reads no config: the catalogue covers every profile, target and variant.
 */
export const versionsCommand: CliCommand = {
  register(program, { io, setExit }) {
    program
      .command('versions')
      .description(
        'list every pinned upstream version (images, charts, OLM channels) with its source, check date and newer release',
      )
      .addOption(
        new Option('-o, --output <format>', 'table, json or yaml')
          .choices([...VERSIONS_FORMATS])
          .default('table'),
      )
      .option('--outdated', 'only the pins behind upstream (with a LATEST value)', false)
      .action((options: { output: VersionsFormat; outdated: boolean }) => {
        const pins = options.outdated ? outdatedPins() : PINNED_VERSIONS;
        io.stdout.write(versionsOutput(pins, options.output));
        setExit(EXIT.ok);
      });
  },
};
