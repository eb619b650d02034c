import { connect } from '../../cluster/connection.ts';
import { platformStatus } from '../../cluster/status.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig, withOutput } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { printData, table, type OutputFormat } from '../io.ts';
import { withCluster } from './deploy.ts';

export const statusCommand: CliCommand = {
  register(program, { io, setExit }) {
    withOutput(withCluster(withConfig(program.command('status'))))
      .description('show each component on the cluster: ready, progressing, failed or absent, endpoints and versions')
      .action(async (options: { config?: string; kubeconfig?: string; context?: string; output: OutputFormat }) => {
        const { platform } = platformFrom(options);
        const connection = await connect({ target: platform.config.target, ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(options.context ? { context: options.context } : {}), env: io.env });
        const status = await platformStatus({ client: connection.client, platform });
        printData(io, options.output, { server: connection.server, context: connection.context, components: status }, () =>
          table([
            ['COMPONENT', 'STATE', 'READY', 'VERSION', 'NAMESPACE', 'ENDPOINTS'],
            ...status.map((c) => [c.component, c.state, `${c.objects.ready}/${c.objects.total}`, c.liveVersion && c.liveVersion !== c.version ? `${c.liveVersion} (want ${c.version})` : c.version, c.namespace, c.endpoints.join(' ')]),
          ]) + status.flatMap((c) => c.problems.slice(0, 3).map((p) => `  ${c.component}: ${p}\n`)).join(''),
        );
        setExit(status.every((c) => c.state === 'ready') ? EXIT.ok : EXIT.failure);
      });
  },
};
