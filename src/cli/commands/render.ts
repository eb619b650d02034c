import { renderTree, BUNDLE_FILE } from '../../render/kustomize-tree.ts';
import { writeTree } from '../../render/write-tree.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { note } from '../io.ts';

export const renderCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('render'))
      .description('render every manifest as a Kustomize tree plus bundle.yaml')
      .option('-o, --out <dir>', 'output folder, or - for the bundle on stdout', 'out')
      .action((options: { config?: string; out: string }) => {
        const { platform, source } = platformFrom(options);
        const tree = renderTree(platform);
        if (options.out === '-') {
          io.stdout.write(tree.get(BUNDLE_FILE) ?? '');
        } else {
          writeTree(tree, options.out);
          note(io, `rendered ${platform.objects.length} objects for ${platform.components.size} components from ${source} into ${options.out}/ (${BUNDLE_FILE} and a Kustomize tree)`);
        }
        for (const warning of platform.warnings) note(io, `warning: ${warning}`);
        setExit(EXIT.ok);
      });
  },
};
