import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { renderArgoCd } from '../../render/argocd.ts';
import { renderBundle, renderTree, BUNDLE_FILE } from '../../render/kustomize-tree.ts';
import { writeTree } from '../../render/write-tree.ts';
import type { Platform } from '../../platform/platform.ts';
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
        if (options.out === '-') {
          if (options.argocdRepo) throw new DatalypticaError(ErrorCode.Usage, '--argocd-repo writes argocd/ files and cannot go to stdout with -o -', { hint: 'pass a folder: render -o out --argocd-repo URL' });
          // Only the bundle is wanted: serialise each object once and build no tree.
          io.stdout.write(renderBundle(platform));
        } else {
          writeTree(withArgoCd(new Map(renderTree(platform)), platform, options), options.out);
          note(io, `rendered ${platform.objects.length} objects for ${platform.components.size} components from ${source} into ${options.out}/ (${BUNDLE_FILE} and a Kustomize tree)`);
        }
        for (const warning of platform.warnings) note(io, `warning: ${warning}`);
        setExit(EXIT.ok);
      });
  },
};

interface ArgoOptions {
  readonly argocdRepo?: string;
  readonly argocdPath: string;
  readonly argocdRevision: string;
  readonly argocdNamespace?: string;
  readonly operatorManifests?: string;
}

/** The tree plus argocd/ when `--argocd-repo` is given. */
function withArgoCd(tree: Map<string, string>, platform: Platform, options: ArgoOptions): Map<string, string> {
  if (!options.argocdRepo) return tree;
  const manifests = options.operatorManifests === undefined ? undefined : readManifests(options.operatorManifests);
  const argo = renderArgoCd(platform, {
    repoURL: options.argocdRepo,
    path: options.argocdPath,
    revision: options.argocdRevision,
    ...(options.argocdNamespace !== undefined ? { namespace: options.argocdNamespace } : {}),
    ...(manifests !== undefined ? { operatorManifests: manifests } : {}),
  });
  for (const [path, text] of argo) tree.set(path, text);
  return tree;
}

/** `<dir>/<id>.yaml` files: the mirrored operator manifests, by operator id. */
function readManifests(dir: string): Map<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DatalypticaError(ErrorCode.Usage, `--operator-manifests ${dir} is not a folder`, { hint: 'point it at the folder holding <operator id>.yaml files (see docs/operations/disconnected.md)' });
  }
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir).sort()) if (entry.endsWith('.yaml')) out.set(entry.slice(0, -'.yaml'.length), readFileSync(join(dir, entry), 'utf8'));
  return out;
}
