import { Option } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { imageInventory } from '../../platform/image-inventory.ts';
import { IMAGE_LIST_FORMATS, imageListText, imageSetConfiguration, skopeoSyncYaml, type ImageListFormat } from '../../render/image-list.ts';
import type { CliCommand } from '../command.ts';
import { withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';

/**
 * `datalyptica images`: every image the platform pulls (rendered workloads and the operators it
 * installs from Helm or manifests), plus the OLM packages, charts and manifests to mirror — as
 * text, JSON, an oc-mirror ImageSetConfiguration or a skopeo sync file.
 */
export const imagesCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('images'))
      .description('list every image, operator package, chart and manifest to mirror for a disconnected cluster')
      .addOption(new Option('-o, --output <format>', 'text, json, imageset (oc-mirror v2 ImageSetConfiguration) or skopeo (skopeo sync --src yaml)').choices([...IMAGE_LIST_FORMATS]).default('text'))
      .option('--catalog-version <tag>', 'OpenShift version tag of the OLM catalogs in the ImageSetConfiguration', 'v4.18')
      .action((options: { config?: string; output: ImageListFormat; catalogVersion: string }) => {
        const { config } = loadConfig(options.config);
        const inventory = imageInventory(config);
        const text =
          options.output === 'json'
            ? `${JSON.stringify(inventory, null, 2)}\n`
            : options.output === 'imageset'
              ? imageSetConfiguration(inventory, { catalogVersion: options.catalogVersion })
              : options.output === 'skopeo'
                ? skopeoSyncYaml(inventory)
                : imageListText(inventory);
        io.stdout.write(text);
        setExit(EXIT.ok);
      });
  },
};
