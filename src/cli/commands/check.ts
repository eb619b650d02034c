import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { runChecks, type CheckReport } from '../../check/run.ts';
import { formatFinding } from '../../check/finding.ts';
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

export const checkCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('check'))
      .description('check the rendered platform offline: schemas, security policy, HA, capacity, network')
      .option('--schemas <dir...>', 'kubeconform-style JSON Schema folders (first match wins)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
      .action((options: { config?: string; schemas?: string[]; output: string }) => {
        for (const dir of options.schemas ?? []) {
          if (!existsSync(dir)) {
            throw new DatalypticaError(ErrorCode.SchemaDirMissing, `schema folder ${dir} does not exist`, {
              hint: 'point --schemas at a kubeconform-style folder, e.g. ../shared/schemas',
            });
          }
        }
        const { platform } = platformFrom(options);
        const report = runChecks(platform, { schemaDirs: options.schemas ?? [] });
        if (options.output === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (options.output === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(report, { toolVersion: VERSION }), null, 2)}\n`);
        else printText(io, report);
        setExit(report.ok ? EXIT.ok : EXIT.failure);
      });
  },
};
