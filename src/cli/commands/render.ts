import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { renderArgoCd } from '../../render/argocd.ts';
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
      .option('--argocd-repo <url>', 'also write argocd/: a root Application (app of apps), AppProjects and one Application per deploy unit, for this Git repository')
      .option('--argocd-path <path>', 'path of the rendered tree inside that repository', 'out')
      .option('--argocd-revision <rev>', 'Git revision Argo CD tracks', 'HEAD')
      .option('--argocd-namespace <ns>', 'namespace Argo CD runs in (default: openshift-gitops on OpenShift, argocd on Kubernetes)')
      .option('--operator-manifests <dir>', 'with --argocd-repo: mirrored operator manifests <dir>/<operator id>.yaml, committed into argocd/operators/ instead of their release URLs')
      .action((options: { config?: string; out: string; argocdRepo?: string; argocdPath: string; argocdRevision: string; argocdNamespace?: string; operatorManifests?: string }) => {
        const { platform, source } = platformFrom(options);
        const tree = new Map(renderTree(platform));
        if (options.argocdRepo) {
          const manifests = options.operatorManifests === undefined ? undefined : readManifests(options.operatorManifests);
          const argo = renderArgoCd(platform, {
            repoURL: options.argocdRepo,
            path: options.argocdPath,
            revision: options.argocdRevision,
            ...(options.argocdNamespace !== undefined ? { namespace: options.argocdNamespace } : {}),
            ...(manifests !== undefined ? { operatorManifests: manifests } : {}),
          });
          for (const [path, text] of argo) tree.set(path, text);
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

/** `<dir>/<id>.yaml` files: the mirrored operator manifests, by operator id. */
function readManifests(dir: string): Map<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DatalypticaError(ErrorCode.Usage, `--operator-manifests ${dir} is not a folder`, { hint: 'point it at the folder holding <operator id>.yaml files (see docs/operations/disconnected.md)' });
  }
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir).sort()) if (entry.endsWith('.yaml')) out.set(entry.slice(0, -'.yaml'.length), readFileSync(join(dir, entry), 'utf8'));
  return out;
}
