import { connect } from '../../cluster/connection.ts';
import { planUninstall, runUninstall, type UninstallPlan } from '../../cluster/uninstall.ts';
import { describeRef } from '../../model/kube.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { confirm, interactive, line, type CliIO } from '../io.ts';
import { positiveInteger, withCluster } from './deploy.ts';
import { terminalProgress, type Progress } from './progress.ts';

/** One live task per delete batch (custom resources, built-ins, operators, namespaces, CRDs). */
function batchProgress(io: CliIO, plan: UninstallPlan): { progress: Progress; onEvent: (e: { type: string; object: string; reason?: string }) => void } {
  const batchOf = new Map<string, string>();
  const left = new Map<string, number>();
  const tasks = plan.batches.map((batch, index) => {
    const id = `batch-${index + 1}`;
    for (const ref of batch) batchOf.set(describeRef(ref), id);
    left.set(id, batch.length);
    const kinds = [...new Set(batch.map((r) => r.kind))];
    return { id, title: `delete ${batch.length} object(s): ${kinds.slice(0, 4).join(', ')}${kinds.length > 4 ? ', …' : ''}` };
  });
  const progress = terminalProgress(io, tasks);
  const settle = (id: string): void => {
    const remaining = (left.get(id) ?? 1) - 1;
    left.set(id, remaining);
    if (remaining === 0) progress.done(id);
  };
  return {
    progress,
    onEvent: (e) => {
      const id = batchOf.get(e.object);
      if (id === undefined) return;
      progress.start(id);
      if (e.type === 'waiting') progress.output(id, `${e.object}: ${e.reason ?? ''}`);
      if (e.type === 'deleted') {
        progress.output(id, `deleted ${e.object}`);
        settle(id);
      }
      if (e.type === 'stuck') {
        progress.fail(id, `${e.object}: ${e.reason ?? 'still present'}`);
      }
    },
  };
}

export const uninstallCommand: CliCommand = {
  register(program, { io, setExit }) {
    withCluster(withConfig(program.command('uninstall')))
      .description('remove the platform in reverse order; keeps volumes, buckets and databases unless --purge-data')
      .option('--purge-data', 'also delete PVCs, buckets and database clusters (asks you to type the name prefix)', false)
      .option('--purge-operators', "also delete the operators' CRDs (deletes every custom resource of those kinds)", false)
      .option('--yes', 'do not ask for confirmation', false)
      .option('--finalizer-timeout <seconds>', 'how long to wait for finalizers per object', '300')
      .action(async (options: { config?: string; kubeconfig?: string; context?: string; purgeData: boolean; purgeOperators: boolean; yes: boolean; finalizerTimeout: string }) => {
        const finalizerTimeoutSeconds = positiveInteger(options.finalizerTimeout, '--finalizer-timeout');
        const { platform } = platformFrom(options);
        const connection = await connect({ target: platform.config.target, ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(options.context ? { context: options.context } : {}), env: io.env });
        const base = { client: connection.client, platform, purgeData: options.purgeData, purgeOperators: options.purgeOperators, finalizerTimeoutSeconds };
        const plan = await planUninstall(base);
        const count = plan.batches.reduce((n, b) => n + b.length, 0);
        if (count === 0) {
          line(io, 'nothing to uninstall');
          for (const k of plan.kept) line(io, `  left: ${k.object} — ${k.reason}`);
          setExit(EXIT.nothingToDo);
          return;
        }
        line(io, `${count} object(s) to delete from ${connection.server} (context ${connection.context}); ${plan.kept.length} kept`);
        if (options.purgeData) {
          // Deleting data cannot be undone: a typed name, not a reflexive "y". --yes confirms it in automation.
          await confirm(io, { question: `Delete the Datalyptica platform "${platform.config.namePrefix}" AND every volume, bucket and database of it?`, yes: options.yes, expected: platform.config.namePrefix });
        } else {
          await confirm(io, { question: `Delete the Datalyptica platform "${platform.config.namePrefix}"? Volumes, buckets and databases are kept.`, yes: options.yes });
        }
        const live = interactive(io) ? batchProgress(io, plan) : undefined;
        const printEvent = (e: { type: string; object: string; reason?: string }): void => {
          if (e.type === 'kept') return;
          line(io, `${e.type.padEnd(8)} ${e.object}${e.reason ? `: ${e.reason}` : ''}`);
        };
        const result = await runUninstall({ ...base, onEvent: live?.onEvent ?? printEvent }, plan).finally(() => live?.progress.close());
        if (plan.kept.length > 0) {
          line(io, `kept ${plan.kept.length}:`);
          for (const k of plan.kept) line(io, `  kept     ${k.object} — ${k.reason}`);
        }
        for (const s of result.stuck) line(io, `  stuck    ${s.object} — ${s.reason}`);
        line(io, `deleted ${result.deleted.length}, kept ${plan.kept.length}, stuck ${result.stuck.length}`);
        setExit(result.stuck.length === 0 ? EXIT.ok : EXIT.failure);
      });
  },
};
