import type { Command } from 'commander';
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
import { note, type CliIO } from '../io.ts';

/** Where `render` writes unless `--out-dir` says otherwise. */
export const DEFAULT_OUT_DIR = 'out';

/** What `render -o` prints on stdout: the bundle as a YAML stream, or as one JSON `List` (as `kubectl get -o json`). */
export const RENDER_FORMATS = ['yaml', 'json'] as const;
type RenderFormat = (typeof RENDER_FORMATS)[number];

interface RenderOptions extends ArgoOptions {
  readonly config?: string;
  readonly output?: string;
  readonly outDir?: string;
}

/**
 * `-o` names a format on every command; the folder is `--out-dir`. A path (or the old `-o -`)
 * given to `-o` gets an error that names the flag meant, instead of a folder called "yaml".
 */
function renderFormat(value: string | undefined, outDir: string | undefined): RenderFormat | undefined {
  if (value === undefined) return undefined;
  if ((RENDER_FORMATS as readonly string[]).includes(value)) {
    if (outDir !== undefined) throw new DatalypticaError(ErrorCode.Usage, `-o ${value} prints the bundle on stdout and --out-dir writes a folder: pass one of them`, { hint: `datalyptica render --out-dir ${outDir}, or datalyptica render -o ${value}` });
    return value as RenderFormat;
  }
  const hint = value === '-' ? 'for the bundle on stdout pass -o yaml (or -o json)' : `to write the Kustomize tree into a folder pass --out-dir ${value}`;
  throw new DatalypticaError(ErrorCode.Usage, `-o takes an output format (${RENDER_FORMATS.join('|')}), not "${value}"`, { hint });
}

export const renderCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('render'))
      .description('render every manifest as a Kustomize tree plus bundle.yaml')
      .option('--out-dir <dir>', 'folder for the Kustomize tree and bundle.yaml; replaced only if empty or written by a previous render', DEFAULT_OUT_DIR)
      .option('-o, --output <format>', `print only the bundle on stdout instead of writing a folder: ${RENDER_FORMATS.join(' (a YAML stream) or ')} (a v1 List)`)
      .option('--argocd-repo <url>', 'also write argocd/: a root Application (app of apps), AppProjects and one Application per deploy unit, for this Git repository')
      .option('--argocd-path <path>', 'path of the rendered tree inside that repository', DEFAULT_OUT_DIR)
      .option('--argocd-revision <rev>', 'Git revision Argo CD tracks', 'HEAD')
      .option('--argocd-namespace <ns>', 'namespace Argo CD runs in (default: openshift-gitops on OpenShift, argocd on Kubernetes)')
      .option('--operator-manifests <dir>', 'with --argocd-repo: mirrored operator manifests <dir>/<operator id>.yaml, committed into argocd/operators/ instead of their release URLs')
      .action((options: RenderOptions, command: Command) => {
        // commander fills in the default, so ask where the value came from to catch `-o json --out-dir x`.
        const outDirGiven = command.getOptionValueSource('outDir') === 'cli' ? options.outDir : undefined;
        const format = renderFormat(options.output, outDirGiven);
        const { platform, source } = platformFrom(options);
        if (format !== undefined) {
          if (options.argocdRepo) throw new DatalypticaError(ErrorCode.Usage, `--argocd-repo writes argocd/ files and cannot go to stdout with -o ${format}`, { hint: 'write a folder: render --out-dir out --argocd-repo URL' });
          // Only the bundle is wanted: serialise each object once and build no tree.
          io.stdout.write(format === 'yaml' ? renderBundle(platform) : `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: platform.objects.map((p) => p.object) }, null, 2)}\n`);
        } else {
          const outDir = options.outDir ?? DEFAULT_OUT_DIR;
          writeTree(withArgoCd(new Map(renderTree(platform)), platform, options), outDir);
          note(io, `rendered ${platform.objects.length} objects for ${platform.components.size} components from ${source} into ${outDir}/ (${BUNDLE_FILE} and a Kustomize tree)`);
        }
        printWarningSummary(io, platform.warnings);
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

/**
 * One line, not the warnings themselves: `check` reports each of them as DL-COMP-001 (in text,
 * JSON and SARIF), and the usual `render && check` would otherwise print every warning twice.
 */
function printWarningSummary(io: CliIO, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  // Each warning starts with what it is about ("nessie: ...", "secrets: ..."): name those, so the line says where to look.
  const subjects = [...new Set(warnings.map((w) => /^([a-z0-9-]+): /.exec(w)?.[1]).filter((s) => s !== undefined))];
  const about = subjects.length > 0 ? ` (${subjects.join(', ')})` : '';
  note(io, `${warnings.length} warning${warnings.length === 1 ? '' : 's'} about this config${about}: \`datalyptica check\` lists ${warnings.length === 1 ? 'it' : 'them'} (DL-COMP-001)`);
}
