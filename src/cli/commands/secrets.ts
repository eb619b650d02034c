import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { secretsBackend } from '../../platform/secrets/index.ts';
import { generateSecrets } from '../../secrets/generate.ts';
import { exposureWarnings } from '../../secrets/hygiene.ts';
import { rotateSecret } from '../../secrets/rotate.ts';
import { listSecrets } from '../../secrets/list.ts';
import { SEALING_SCOPES, type SealingScope } from '../../secrets/seal.ts';
import { sealGeneratedSecrets } from '../../secrets/sealed-files.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig, withOutput } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { confirm, line, note, printData, table, type OutputFormat } from '../io.ts';

/** Where sealed files go unless --out: next to the config, meant to be committed. */
export const DEFAULT_SEALED_DIR = 'sealed-secrets';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `datalyptica secrets generate|list|seal`. Values never reach stdout or stderr: the commands
 * print names, namespaces and counts only.
 */
export const secretsCommand: CliCommand = {
  register(program, { io, setExit }) {
    const secrets = program.command('secrets').description('generate, list and seal the platform\'s passwords and keys (values are never printed)');

    withConfig(secrets.command('generate'))
      .description('create every generated password, token and key as Kubernetes Secret files (0600); existing values are kept')
      .option('--dir <dir>', 'secrets folder (default: secrets.dir from the config, .datalyptica/secrets)')
      .action((options: { config?: string; dir?: string }) => {
        const { platform } = platformFrom(options);
        const dir = options.dir ?? platform.config.secrets.dir;
        const result = generateSecrets(platform.secrets, dir);
        for (const id of result.created) line(io, `created   ${id}`);
        for (const e of result.extended) line(io, `extended  ${e.secret} (+${plural(e.keys.length, 'key')}: ${e.keys.join(', ')})`);
        for (const id of result.tightened) note(io, `tightened permissions of ${id} to 0600`);
        for (const id of result.restored) note(io, `${id} took the values its group already has (a deleted file is restored, not rotated): run \`datalyptica secrets rotate ${id}\` for new ones`);
        for (const warning of exposureWarnings(dir)) note(io, warning);
        const total = result.created.length + result.extended.length + result.unchanged.length;
        note(
          io,
          `${plural(total, 'secret')} in ${dir}: ${result.created.length} created, ${result.extended.length} extended, ${result.unchanged.length} unchanged`,
        );
        const next = secretsBackend(platform.config.secrets.mode).next.generate;
        if (next !== undefined) note(io, next);
        if (result.created.length + result.extended.length === 0) note(io, 'nothing to do: every generated secret already exists with all its keys');
        // 0 either way: "already there" is success for `set -e` scripts that run generate before deploy.
        setExit(EXIT.ok);
      });

    withOutput(withConfig(secrets.command('list')))
      .description('list every Secret the platform needs: namespace, source, consumers and whether the secrets folder has it (no values)')
      .option('--dir <dir>', 'secrets folder (default: secrets.dir from the config)')
      .action((options: { config?: string; dir?: string; output: OutputFormat }) => {
        const { platform } = platformFrom(options);
        const dir = options.dir ?? platform.config.secrets.dir;
        const rows = listSecrets(platform.secrets, dir);
        printData(io, options.output, rows, () =>
          table([
            ['NAMESPACE', 'NAME', 'SOURCE', 'STATUS', 'KEYS', 'CONSUMERS'],
            ...rows.map((r) => [r.namespace, r.name, r.source, r.status, r.keys.join(','), r.consumers.join(',')]),
          ]),
        );
        for (const warning of exposureWarnings(dir)) note(io, warning);
        const missing = rows.filter((r) => r.status === 'missing' || r.status === 'incomplete');
        if (options.output === 'table' && missing.length > 0) note(io, `${plural(missing.length, 'generated secret')} missing or incomplete: run \`datalyptica secrets generate\``);
        setExit(EXIT.ok);
      });

    withConfig(secrets.command('rotate'))
      .description('give one generated secret new values (and every secret sharing them); user names are kept, the old values are gone')
      .argument('<secret>', 'NAMESPACE/NAME, or NAME when it is unique (see `datalyptica secrets list`)')
      .option('--dir <dir>', 'secrets folder (default: secrets.dir from the config)')
      .option('--yes', 'do not ask for confirmation', false)
      .action(async (id: string, options: { config?: string; dir?: string; yes: boolean }) => {
        const { platform } = platformFrom(options);
        const dir = options.dir ?? platform.config.secrets.dir;
        await confirm(io, { question: `Replace the values of ${id} (and the secrets that share them) in ${dir}? The old values cannot be recovered.`, yes: options.yes });
        const result = rotateSecret(platform.secrets, dir, id);
        for (const r of result.rotated) line(io, `rotated   ${r.secret} (${r.keys.join(', ')})`);
        note(io, `${plural(result.rotated.length, 'secret')} rotated in ${dir}; next: datalyptica deploy (pods that read them at start need a restart: oc/kubectl rollout restart)`);
        setExit(EXIT.ok);
      });

    withConfig(secrets.command('seal'))
      .description('encrypt the generated secrets offline for the Sealed Secrets controller and write SealedSecrets to commit')
      .requiredOption('--cert <file>', 'the controller\'s public certificate (kubeseal --fetch-cert)')
      .option('--dir <dir>', 'secrets folder to read (default: secrets.dir from the config)')
      .option('--out <dir>', `folder for the SealedSecrets and their kustomization.yaml (default: secrets.sealedDir, ${DEFAULT_SEALED_DIR})`)
      .addOption(new Option('--scope <scope>', 'where the values may be unsealed').choices([...SEALING_SCOPES]).default('strict'))
      .option('--force', 're-seal SealedSecrets that already hold the same keys', false)
      .action((flags: { config?: string; dir?: string; out?: string; cert: string; scope: SealingScope; force: boolean }) => {
        const { platform } = platformFrom(flags);
        const options = { ...flags, out: flags.out ?? platform.config.secrets.sealedDir };
        let certPem: string;
        try {
          certPem = readFileSync(options.cert, 'utf8');
        } catch (cause) {
          throw new DatalypticaError(ErrorCode.Usage, `cannot read the certificate ${options.cert}`, { cause, hint: 'fetch it with `kubeseal --fetch-cert > cert.pem`' });
        }
        const result = sealGeneratedSecrets({
          platform,
          secretsDir: options.dir ?? platform.config.secrets.dir,
          outDir: options.out,
          certPem,
          scope: options.scope,
          force: options.force,
        });
        for (const id of result.sealed) line(io, `sealed    ${id}`);
        note(io, `${plural(result.sealed.length, 'SealedSecret')} written to ${options.out}, ${result.kept.length} kept (${options.scope} scope)`);
        const next = secretsBackend(platform.config.secrets.mode).next.seal;
        if (next !== undefined) note(io, next);
        if (result.sealed.length === 0) note(io, 'nothing to do: every SealedSecret already holds the same keys (--force re-seals)');
        setExit(EXIT.ok);
      });
  },
};
