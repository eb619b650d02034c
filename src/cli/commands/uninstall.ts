import { connect } from '../../cluster/connection.ts';
import { planUninstall, runUninstall } from '../../cluster/uninstall.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { confirm, line } from '../io.ts';
import { withCluster } from './deploy.ts';

export const uninstallCommand: CliCommand = {
  register(program, { io, setExit }) {
    withCluster(withConfig(program.command('uninstall')))
      .description('remove the platform in reverse order; keeps volumes, buckets and databases unless --purge-data')
      .option('--purge-data', 'also delete PVCs, buckets and database clusters (asks you to type the name prefix)', false)
      .option('--purge-operators', "also delete the operators' CRDs (deletes every custom resource of those kinds)", false)
      .option('--yes', 'do not ask for confirmation', false)
      .option('--finalizer-timeout <seconds>', 'how long to wait for finalizers per object', '300')
      .action(async (options: { config?: string; kubeconfig?: string; context?: string; purgeData: boolean; purgeOperators: boolean; yes: boolean; finalizerTimeout: string }) => {
        const { platform } = platformFrom(options);
        const connection = await connect({ ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(options.context ? { context: options.context } : {}), env: io.env });
        const base = { client: connection.client, platform, purgeData: options.purgeData, purgeOperators: options.purgeOperators, finalizerTimeoutSeconds: Number(options.finalizerTimeout) };
        const plan = await planUninstall(base);
        const count = plan.batches.reduce((n, b) => n + b.length, 0);
        if (count === 0) {
          line(io, 'nothing to uninstall');
          for (const k of plan.kept) line(io, `  left: ${k.object} — ${k.reason}`);
          setExit(EXIT.nothingToDo);
          return;
        }
        line(io, `${count} object(s) to delete from ${connection.server} (context ${connection.context}); ${plan.kept.length} kept`);
        await confirm(io, { question: `Delete the Datalyptica platform "${platform.config.namePrefix}"?`, yes: options.yes });
        if (options.purgeData) {
          // Data deletion needs the typed prefix even with --yes only when a terminal can ask; --yes alone confirms in automation.
          await confirm(io, { question: 'This deletes every volume, bucket and database of the platform.', yes: options.yes, expected: platform.config.namePrefix });
        }
        const result = await runUninstall({ ...base, onEvent: (e) => line(io, `${e.type.padEnd(8)} ${e.object}${e.reason ? `: ${e.reason}` : ''}`) }, plan);
        line(io, `deleted ${result.deleted.length}, kept ${plan.kept.length}, stuck ${result.stuck.length}`);
        setExit(result.stuck.length === 0 ? EXIT.ok : EXIT.failure);
      });
  },
};
