import type { Command } from 'commander';

/** `--kubeconfig` and `--context`, as kubectl spells them. */
export function withCluster(command: Command): Command {
  return command.option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)').option('--context <name>', 'kubeconfig context to use (default: current-context)');
}
