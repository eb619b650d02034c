import { Option } from 'commander';
import { connect } from '../../cluster/connection.ts';
import { diffPlatform } from '../../cluster/diff.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { line, paint } from '../io.ts';
import { deploySecrets, withCluster } from './deploy.ts';

export const diffCommand: CliCommand = {
  register(program, { io, setExit }) {
    withCluster(withConfig(program.command('diff')))
      .description('show what deploy would change (server-side dry-run apply against live); exit 3 when changes are pending')
      .option('--secrets-dir <dir>', 'include the Secrets deploy would apply from this folder (values are shown as digests)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
      .action(async (options: { config?: string; kubeconfig?: string; context?: string; secretsDir?: string; output: string }) => {
        const { platform } = platformFrom(options);
        const secrets = options.secretsDir ? deploySecrets(platform, { secretsDir: options.secretsDir, ...(options.config === undefined ? {} : { config: options.config }) }).secrets : [];
        const connection = await connect({ target: platform.config.target, ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(options.context ? { context: options.context } : {}), env: io.env });
        const diffs = await diffPlatform({ client: connection.client, platform, secrets });
        if (options.output === 'json') io.stdout.write(`${JSON.stringify(diffs, null, 2)}\n`);
        else {
          for (const diff of diffs) {
            line(io, paint(io, 'bold', `--- ${diff.object} (${diff.action})`));
            for (const l of diff.lines) line(io, l.startsWith('+') ? paint(io, 'green', l) : l.startsWith('-') ? paint(io, 'red', l) : l);
          }
          line(io, diffs.length === 0 ? 'no changes' : `${diffs.length} object(s) would change`);
        }
        setExit(diffs.length === 0 ? EXIT.ok : EXIT.pendingChanges);
      });
  },
};
