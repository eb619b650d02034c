import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { runChecks, type CheckReport } from '../../check/run.ts';
import { formatFinding } from '../../check/finding.ts';
import { loadManifests } from '../../check/manifests/load.ts';
import { runManifestChecks, type ManifestReport } from '../../check/manifests/run-manifests.ts';
import { toSarif } from '../../check/sarif.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { line, paint, type CliIO } from '../io.ts';
import { VERSION } from '../../version.ts';

function printText(io: CliIO, report: CheckReport): void {
  for (const finding of report.findings) {
    if (finding.suppressed) continue;
    const tag = finding.severity === 'error' ? paint(io, 'red', 'FAIL') : finding.severity === 'warning' ? paint(io, 'yellow', 'WARN') : 'INFO';
    line(io, `${tag} ${finding.rule} ${formatFinding(finding)}`);
  }
  const c = report.counts;
  line(io, `${report.objects} objects checked: ${c.error} errors, ${c.warning} warnings, ${c.info} info, ${c.suppressed} suppressed`);
}

/** In manifests mode the text output ends with what ran, what ran in part and what was skipped. */
function printCheckers(io: CliIO, report: ManifestReport): void {
  const ran = report.checkers.filter((c) => c.ran);
  const skipped = report.checkers.filter((c) => !c.ran);
  line(io, `checks run (target ${report.target}): ${ran.map((c) => (c.note ? `${c.id} (${c.note})` : c.id)).join('; ')}`);
  line(io, `skipped without a platform: ${skipped.map((c) => `${c.id} (${c.note ?? 'not applicable'})`).join('; ')}`);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text;
}

function write(io: CliIO, output: string, report: CheckReport): void {
  if (output === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (output === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(report, { toolVersion: VERSION }), null, 2)}\n`);
  else printText(io, report);
}

interface CheckOptions {
  config?: string;
  schemas?: string[];
  output: string;
  target?: 'kubernetes' | 'openshift';
}

export const checkCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('check'))
      .description('check the rendered platform offline (schemas, security policy, HA, capacity, network), or any manifests: FILE, DIR (recursive) or - for stdin')
      .argument('[manifests...]', 'YAML files, folders (read recursively) or - for standard input; without them the platform from the config is rendered and checked')
      .option('--schemas <dir...>', 'kubeconform-style JSON Schema folders (first match wins)')
      .addOption(new Option('--target <target>', 'manifests mode: the cluster the manifests are for (default: openshift when any *.openshift.io object is present)').choices(['kubernetes', 'openshift']))
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
      .action(async (manifests: string[], options: CheckOptions) => {
        for (const dir of options.schemas ?? []) {
          if (!existsSync(dir)) {
            throw new DatalypticaError(ErrorCode.SchemaDirMissing, `schema folder ${dir} does not exist`, {
              hint: 'point --schemas at a kubeconform-style folder, e.g. ../shared/schemas',
            });
          }
        }
        if (manifests.length === 0) {
          const { platform } = platformFrom(options);
          const report = runChecks(platform, { schemaDirs: options.schemas ?? [] });
          write(io, options.output, report);
          setExit(report.ok ? EXIT.ok : EXIT.failure);
          return;
        }
        if (options.config !== undefined) throw new DatalypticaError(ErrorCode.Usage, '--config applies to the platform check, not to manifests', { hint: 'drop --config, or drop the manifest paths to check the platform' });
        const stdin = manifests.includes('-') ? await readAll(io.stdin) : '';
        const objects = loadManifests(manifests, () => stdin).map((o) => o.object);
        const report = runManifestChecks(objects, { schemaDirs: options.schemas ?? [], ...(options.target ? { target: options.target } : {}) });
        write(io, options.output, report);
        if (options.output === 'text') printCheckers(io, report);
        setExit(report.ok ? EXIT.ok : EXIT.failure);
      });
  },
};
