import { computeReachability, type ReachabilityRow } from '../../check/network/matrix.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig, withOutput } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { note, printData, table, type OutputFormat } from '../io.ts';

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/**
 * `datalyptica flows`: the reachability matrix computed from the rendered NetworkPolicies, next
 * to the declared flows. Exit 1 when they differ (a declared connection blocked, or an
 * undeclared one allowed).
 */
export const flowsCommand: CliCommand = {
  register(program, { io, setExit }) {
    withOutput(withConfig(program.command('flows')), ['table', 'json'])
      .description('print who may reach whom (from the rendered NetworkPolicies) against the declared flows')
      .option('--problems', 'only rows where declared and allowed differ')
      .action((options: { config?: string; output: OutputFormat; problems?: boolean }) => {
        const { platform } = platformFrom(options);
        const reachability = computeReachability(platform);
        const rows: readonly ReachabilityRow[] = options.problems ? [...reachability.missing, ...reachability.extra] : reachability.rows;
        const data = rows.map((r) => ({ from: r.from, to: r.to, port: r.port, protocol: r.protocol, declared: r.declared, allowed: r.allowed, reasons: [...r.reasons] }));
        printData(io, options.output, data, () =>
          table([['FROM', 'TO', 'PORT', 'DECLARED', 'ALLOWED'], ...rows.map((r) => [r.from, r.to, `${r.port}/${r.protocol}`, yesNo(r.declared), yesNo(r.allowed)])]),
        );
        for (const unresolved of reachability.unresolved) note(io, `warning: ${unresolved}`);
        const problems = reachability.missing.length + reachability.extra.length;
        if (problems > 0) note(io, `${reachability.missing.length} declared connections blocked, ${reachability.extra.length} undeclared connections allowed`);
        setExit(problems > 0 ? EXIT.failure : EXIT.ok);
      });
  },
};
