import { writeFileSync } from 'node:fs';
import { Option } from 'commander';
import { connect } from '../../cluster/connection.ts';
import { parseGroups } from '../../cluster/validate/collect.ts';
import { formatJson, formatJunit, formatText, resultLine } from '../../cluster/validate/report.ts';
import { clusterAccess, validatePlatform } from '../../cluster/validate/validate.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { CHECK_GROUPS } from '../../model/live-check.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { interactive, note, paint } from '../io.ts';

interface ValidateFlags {
  config?: string;
  kubeconfig?: string;
  context?: string;
  output: 'text' | 'json';
  junit?: string;
  group?: string[];
  timeout?: string;
  concurrency: string;
  verbose?: boolean;
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new DatalypticaError(ErrorCode.Usage, `${flag} must be a positive number, got "${value}"`, { hint: `e.g. ${flag} 30` });
  return n;
}

export const validateCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('validate'))
      .description('run the live checks against a deployed platform (seed 002 groups; exit 1 on any failure)')
      .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
      .option('--context <name>', 'kubeconfig context to use')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--junit <file>', 'also write JUnit XML (one testsuite per group)')
      .option('--group <group...>', `only these groups: ${CHECK_GROUPS.join(', ')}`)
      .option('--timeout <seconds>', 'per-check timeout, overriding each check\'s own')
      .option('--concurrency <n>', 'checks run at once', '8')
      .option('-v, --verbose', 'show what passing checks saw')
      .action(async (flags: ValidateFlags) => {
        const groups = parseGroups(flags.group);
        const timeoutSeconds = positive(flags.timeout, '--timeout');
        const concurrency = Math.floor(positive(flags.concurrency, '--concurrency') ?? 8);
        const { platform } = platformFrom(flags);
        const connection = await connect({
          target: platform.config.target,
          ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
          ...(flags.context === undefined ? {} : { context: flags.context }),
          env: io.env,
        });
        const live = interactive(io) && flags.output === 'text';
        const decorate = (status: 'pass' | 'warn' | 'fail', text: string) => paint(io, status === 'pass' ? 'green' : status === 'warn' ? 'yellow' : 'red', text);
        if (live) note(io, `validating against ${connection.server} (context ${connection.context})`);
        const report = await validatePlatform({
          platform,
          cluster: await clusterAccess(connection.kubeConfig),
          ...(groups === undefined ? {} : { groups }),
          ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
          concurrency,
          ...(live ? { onResult: (result) => note(io, paint(io, 'dim', resultLine(result))) } : {}),
        });
        if (flags.output === 'json') io.stdout.write(formatJson(report));
        else io.stdout.write(formatText(report, { ...(interactive(io) ? { decorate } : {}), verbose: flags.verbose ?? false }));
        if (flags.junit !== undefined) {
          try {
            writeFileSync(flags.junit, formatJunit(report));
          } catch (error) {
            throw new DatalypticaError(ErrorCode.WriteFailed, `cannot write the JUnit report ${flags.junit}: ${(error as Error).message}`, { cause: error, hint: 'pass a writable path to --junit' });
          }
        }
        setExit(report.ok ? EXIT.ok : EXIT.failure);
      });
  },
};
