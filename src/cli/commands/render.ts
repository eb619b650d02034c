import { renderArgoCd } from '../../render/argocd.ts';
import { renderTree, BUNDLE_FILE } from '../../render/kustomize-tree.ts';
import { toYamlStream } from '../../render/yaml.ts';
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
      .option('--argocd-repo <url>', 'also write argocd/applications.yaml: an AppProject and Applications for this Git repository')
      .option('--argocd-path <path>', 'path of the rendered tree inside that repository', 'out')
      .option('--argocd-revision <rev>', 'Git revision Argo CD tracks', 'HEAD')
      .action((options: { config?: string; out: string; argocdRepo?: string; argocdPath: string; argocdRevision: string }) => {
        const { platform, source } = platformFrom(options);
        const tree = new Map(renderTree(platform));
        if (options.argocdRepo) {
          const apps = renderArgoCd(platform, { repoURL: options.argocdRepo, path: options.argocdPath, revision: options.argocdRevision });
          tree.set('argocd/applications.yaml', toYamlStream(apps));
        }
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
