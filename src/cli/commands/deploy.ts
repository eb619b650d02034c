import { Option, type Command } from 'commander';
import { connect } from '../../cluster/connection.ts';
import { assertKubernetesVersion } from '../../cluster/preflight.ts';
import { deployError, deployPlatform, type DeployEvent } from '../../cluster/deploy.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { helmRunner, manifestsFromDir } from '../../cluster/operator-install.ts';
import { PHASES } from '../../model/names.ts';
import { buildDeployGraph, type DeployGraph } from '../../platform/deploy-graph.ts';
import type { Platform } from '../../platform/platform.ts';
import type { MaterialisedSecrets } from '../../platform/secrets/backend.ts';
import { secretsBackend } from '../../platform/secrets/index.ts';
import { fileSecretStore } from '../../secrets/store.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { interactive, line, note, paint, type CliIO } from '../io.ts';
import { terminalProgress } from './progress.ts';

/** `--kubeconfig` and `--context`, as kubectl spells them (shared by the cluster commands). */
export function withCluster(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)')
    .option('--context <name>', 'kubeconfig context to use (default: current-context)');
}

/**
 * A whole number of at least 1 from a flag, checked before anything talks to the cluster: commander
 * hands flags over as strings, and `Number("10m")` is NaN, which would make every wait time out at once.
 */
export function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new DatalypticaError(ErrorCode.Usage, `${flag} must be a whole number of at least 1, got "${value}"`, { hint: `e.g. ${flag} ${flag === '--concurrency' ? '8' : '600'}` });
  }
  return n;
}

/**
 * The Secrets deploy (and diff) apply besides the rendered objects, from the `secrets.mode`
 * backend: in `files` mode the ones `secrets generate` wrote (from `--secrets-dir` or
 * `secrets.dir`); none in the others (SealedSecrets already joined the platform in
 * `platformFrom`, ExternalSecrets are rendered).
 */
export function deploySecrets(platform: Platform, options: { secretsDir?: string; config?: string }): MaterialisedSecrets {
  const settings = platform.config.secrets;
  const store = fileSecretStore({ dir: options.secretsDir ?? settings.dir, sealedDir: settings.sealedDir });
  return secretsBackend(settings.mode).materialise(platform.secrets, store, options.config === undefined ? {} : { configFile: options.config });
}

/**
 * Feeds deploy events to a live task list with one line per seed phase (operators, foundation,
 * storage...): a line per step would be 30–60 lines redrawn on every change. A phase line shows
 * its latest step's activity and settles when all of its steps have (phases are labels, not
 * barriers: several run at once).
 */
function phaseProgress(io: CliIO, graph: DeployGraph): ((event: DeployEvent) => void) & { close(): Promise<void> } {
  const phaseOf = new Map(graph.steps.map((s) => [s.id, s.phase] as const));
  const phases = PHASES.filter((phase) => graph.steps.some((s) => s.phase === phase));
  const left = new Map(phases.map((phase) => [phase, graph.steps.filter((s) => s.phase === phase).length] as const));
  const counts = new Map<string, { applied: number; unchanged: number; failed: string[] }>(phases.map((phase) => [phase, { applied: 0, unchanged: 0, failed: [] }]));
  const progress = terminalProgress(
    io,
    phases.map((phase) => ({ id: phase, title: `${phase} (${left.get(phase)} step${left.get(phase) === 1 ? '' : 's'})` })),
  );
  const settle = (step: string): void => {
    const phase = phaseOf.get(step);
    if (phase === undefined) return;
    const remaining = (left.get(phase) ?? 1) - 1;
    left.set(phase, remaining);
    if (remaining > 0) return;
    const c = counts.get(phase)!;
    if (c.failed.length > 0) progress.fail(phase, c.failed.join('; '));
    else progress.done(phase, `${phase}: ${c.applied} applied, ${c.unchanged} unchanged`);
  };
  const handler = (event: DeployEvent): void => {
    if (!('step' in event)) return;
    const phase = phaseOf.get(event.step);
    if (phase === undefined) return;
    const c = counts.get(phase)!;
    switch (event.type) {
      case 'step-start':
        progress.start(phase);
        return progress.output(phase, `${event.step}: started`);
      case 'applied':
      case 'unchanged':
      case 'skipped':
        return progress.output(phase, `${event.step}: ${event.type} ${event.object}`);
      case 'waiting':
        return progress.output(phase, `${event.step}: waiting for ${event.object} (${event.reason})`);
      case 'ready':
        return progress.output(phase, `${event.step}: ready ${event.object}`);
      case 'restored':
        return progress.output(phase, `${event.step}: restored ${event.object} (${event.fields.join(', ')})`);
      case 'step-done':
        c.applied += event.applied;
        c.unchanged += event.unchanged;
        return settle(event.step);
      case 'step-failed':
        c.failed.push(`${event.step}: ${event.message}`);
        return settle(event.step);
      case 'step-blocked':
        c.failed.push(`${event.step} not started (waits for ${event.by.join(', ')})`);
        return settle(event.step);
      default:
        return undefined;
    }
  };
  return Object.assign(handler, { close: () => progress.close() });
}

function printEvent(io: CliIO, event: DeployEvent): void {
  switch (event.type) {
    case 'step-start':
      return line(io, `${paint(io, 'bold', '▶')} ${event.step}: ${event.title}`);
    case 'applied':
      return line(io, `  applied ${event.object}${event.message ? ` (${event.message})` : ''}`);
    case 'skipped':
      return line(io, `  skipped ${event.object}: ${event.message ?? ''}`);
    case 'restored':
      return line(io, `  restored ${event.object}: ${event.fields.join(', ')} changed outside deploy, set back to the rendered value`);
    case 'waiting':
      return line(io, paint(io, 'dim', `  waiting ${event.object}: ${event.reason}`));
    case 'ready':
      return line(io, `  ready   ${event.object}`);
    case 'step-done':
      return line(io, `${paint(io, 'green', '✔')} ${event.step} (${event.applied} applied, ${event.unchanged} unchanged)`);
    case 'step-failed':
      line(io, `${paint(io, 'red', '✖')} ${event.step}: ${event.message}`);
      for (const detail of event.details) line(io, `    ${detail}`);
      return;
    case 'step-blocked':
      return line(io, `- ${event.step}: not started, waits for ${event.by.join(', ')}`);
    case 'retry':
      return note(io, `  retry ${event.what} in ${event.delayMs} ms (${event.reason})`);
    default:
      return undefined;
  }
}

export const deployCommand: CliCommand = {
  register(program, { io, setExit }) {
    withCluster(withConfig(program.command('deploy')))
      .description('apply the platform to the cluster: operators first, then components in dependency order, waiting for readiness')
      .addOption(new Option('--dry-run <mode>', 'server: validate every object with a server-side dry run, change nothing').choices(['server']))
      .option('--timeout <seconds>', 'budget for the whole deploy', '3600')
      .option('--phase-timeout <seconds>', 'wait budget per step unless the component sets its own', '600')
      .option('--concurrency <n>', 'concurrent API writes', '8')
      .option('--force-conflicts', 'take over fields another field manager owns', false)
      .option('--helm <binary>', 'helm binary for operators installed from Helm charts', 'helm')
      .option('--operator-manifests <dir>', 'read operator manifests from <dir>/<operator id>.yaml instead of downloading them (disconnected clusters)')
      .option('--secrets-dir <dir>', 'where `secrets generate` wrote the Secrets (secrets.mode files; default: secrets.dir from the config)')
      .addOption(new Option('-o, --output <format>', 'progress format').choices(['text', 'json']).default('text'))
      .action(async (options: { config?: string; kubeconfig?: string; context?: string; dryRun?: string; timeout: string; phaseTimeout: string; concurrency: string; forceConflicts: boolean; helm: string; operatorManifests?: string; secretsDir?: string; output: string }) => {
        const concurrency = positiveInteger(options.concurrency, '--concurrency');
        const phaseTimeoutSeconds = positiveInteger(options.phaseTimeout, '--phase-timeout');
        const timeoutSeconds = positiveInteger(options.timeout, '--timeout');
        const { platform } = platformFrom(options, { requireSecrets: true });
        const materialised = deploySecrets(platform, options);
        for (const warning of materialised.warnings) note(io, warning);
        const secrets = materialised.secrets;
        const json = options.output === 'json';
        let live: (((event: DeployEvent) => void) & { close(): Promise<void> }) | undefined;
        const emit = (event: DeployEvent): void => {
          if (json) io.stdout.write(`${JSON.stringify(event)}\n`);
          else if (live) {
            // Retries have no step line; listr2 holds stderr while it draws and prints them afterwards.
            if (event.type === 'retry') printEvent(io, event);
            live(event);
          }
          else printEvent(io, event);
        };
        const connection = await connect({
          target: platform.config.target,
          ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
          ...(options.context ? { context: options.context } : {}),
          env: io.env,
          client: { onRetry: (info) => emit({ type: 'retry', ...info }) },
        });
        assertKubernetesVersion(platform, connection.version);
        if (!json) note(io, `deploying to ${connection.server} (context ${connection.context}, Kubernetes ${connection.version.gitVersion})${options.dryRun ? ' — server-side dry run' : ''}`);
        if (!json && interactive(io)) live = phaseProgress(io, buildDeployGraph(platform, { secrets }));
        // Ctrl-C / SIGTERM: stop waiting, kill helm (its temporary values folder goes with it), report, exit 130.
        const interrupt = new AbortController();
        const onSignal = (): void => interrupt.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const applied: string[] = [];
        const track = (event: DeployEvent): void => {
          if (event.type === 'applied' || event.type === 'restored') applied.push(event.object);
          emit(event);
        };
        const result = await deployPlatform({
          client: connection.client,
          access: connection.childAccess,
          platform,
          secrets,
          forceConflicts: options.forceConflicts,
          dryRun: options.dryRun === 'server',
          concurrency,
          phaseTimeoutSeconds,
          timeoutSeconds,
          onEvent: track,
          signal: interrupt.signal,
          helm: helmRunner(options.helm),
          ...(options.operatorManifests === undefined ? {} : { fetchManifest: manifestsFromDir(options.operatorManifests) }),
        }).finally(async () => {
          process.removeListener('SIGINT', onSignal);
          process.removeListener('SIGTERM', onSignal);
          await live?.close();
        });
        if (result.interrupted) {
          const finished = result.steps.filter((s) => s.state === 'done').map((s) => s.id);
          note(io, `interrupted: ${applied.length} object(s) applied in this run; ${finished.length} step(s) finished${finished.length ? ` (${finished.join(', ')})` : ''}`);
          for (const object of applied) note(io, `  applied ${object}`);
          note(io, 're-run the same deploy command to resume: finished work is skipped, a Helm release left pending is recovered');
          setExit(EXIT.interrupted);
          return;
        }
        const error = deployError(result);
        if (error) throw error;
        setExit(EXIT.ok);
      });
  },
};
