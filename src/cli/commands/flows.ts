import { computeReachability, type ReachabilityRow } from '../../check/network/matrix.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig, withOutput } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { flowsTable, flowsWideTable } from '../flows-table.ts';
import { note, printData, type OutputFormat } from '../io.ts';

/** `table` fits 120 columns; `wide` is one row per port with every name and reason in full. */
export const FLOWS_FORMATS = ['table', 'wide', 'yaml', 'json'] as const;
type FlowsFormat = (typeof FLOWS_FORMATS)[number];

/**
 * `datalyptica flows`: the reachability matrix computed from the rendered NetworkPolicies, next
 * to the declared flows. Exit 1 when they differ (a declared connection blocked, or an
 * undeclared one allowed).
 */
export const flowsCommand: CliCommand = {
  register(program, { io, setExit }) {
    withOutput(withConfig(program.command('flows')), FLOWS_FORMATS)
      .description('print who may reach whom (from the rendered NetworkPolicies) against the declared flows')
      .option('--problems', 'only rows where declared and allowed differ')
      .action((options: { config?: string; output: FlowsFormat; problems?: boolean }) => {
        const { platform } = platformFrom(options);
        const reachability = computeReachability(platform);
        const rows: readonly ReachabilityRow[] = options.problems ? [...reachability.missing, ...reachability.extra] : reachability.rows;
        const data = rows.map((r) => ({ from: r.from, to: r.to, port: r.port, protocol: r.protocol, declared: r.declared, allowed: r.allowed, reasons: [...r.reasons] }));
        if (options.output === 'wide') io.stdout.write(flowsWideTable(rows));
        else printData(io, options.output as OutputFormat, data, () => flowsTable(rows, platform.namespaces));
        for (const unresolved of reachability.unresolved) note(io, `warning: ${unresolved}`);
        const problems = reachability.missing.length + reachability.extra.length;
        if (problems > 0) note(io, `${reachability.missing.length} declared connections blocked, ${reachability.extra.length} undeclared connections allowed`);
        setExit(problems > 0 ? EXIT.failure : EXIT.ok);
      });
  },
};
