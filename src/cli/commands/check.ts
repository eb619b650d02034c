import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { runChecks, type CheckReport } from '../../check/run.ts';
import { formatFinding } from '../../check/finding.ts';
import { toSarif } from '../../check/sarif.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { CliCommand } from '../command.ts';
import { platformFrom, withConfig } from '../common-options.ts';
import { EXIT } from '../exit-codes.ts';
import { line, paint, type CliIO } from '../io.ts';
import { VERSION } from '../../version.ts';
import { SchemaValidator } from '../../check/schema/validator.ts';
import { DEFAULT_LOCATIONS, parseLocation } from '../../check/schema/location.ts';
import { defaultSchemaCacheDir } from '../../check/schema/remote-store.ts';
import { SCHEMA_RULES } from '../../check/schema/schema-checker.ts';
import type { Platform } from '../../platform/platform.ts';

interface CheckOptions {
  config?: string;
  schemas?: string[];
  skipSchemas?: boolean;
  kubernetesVersion: string;
  output: string;
}

/**
 * The schema validator for `--schemas` (or the public defaults), with every remote schema the
 * platform's kinds need fetched or read from the cache now; undefined with `--skip-schemas`.
 */
async function openSchemas(io: CliIO, options: CheckOptions, platform: Platform): Promise<SchemaValidator | undefined> {
  if (options.skipSchemas === true) return undefined;
  const locations = options.schemas ?? DEFAULT_LOCATIONS;
  for (const location of locations) {
    const parsed = parseLocation(location);
    if (parsed.type === 'dir' && !existsSync(parsed.dir)) {
      throw new DatalypticaError(ErrorCode.SchemaDirMissing, `schema folder ${parsed.dir} does not exist`, {
        hint: 'point --schemas at a kubeconform-style folder or URL template, e.g. ../shared/schemas or https://host/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json',
      });
    }
  }
  const kinds = new Map(platform.objects.map(({ object }) => [`${object.apiVersion} ${object.kind}`, { apiVersion: object.apiVersion, kind: object.kind }]));
  return SchemaValidator.open({ locations, kinds: kinds.values(), cacheDir: defaultSchemaCacheDir(io.env), kubernetesVersion: options.kubernetesVersion });
}

/** Says on stderr, once, when schema validation did not run for some kinds or at all. */
function printSchemaNotes(io: CliIO, report: CheckReport, options: CheckOptions): void {
  if (options.skipSchemas === true) {
    io.stderr.write('note: schema validation skipped (--skip-schemas): objects were not checked against JSON Schemas\n');
    return;
  }
  const unchecked = report.findings.filter((f) => f.rule === SCHEMA_RULES.unavailable && !f.suppressed).length;
  if (unchecked > 0) {
    io.stderr.write(
      `error: schema validation did not run for ${unchecked} kind(s): their schemas could not be downloaded and are not in the cache (${defaultSchemaCacheDir(io.env)}). ` +
        'Run once online, pass --schemas with a local folder, or --skip-schemas to check without schemas.\n',
    );
  }
}

function printText(io: CliIO, report: CheckReport): void {
  for (const finding of report.findings) {
    if (finding.suppressed) continue;
    const tag = finding.severity === 'error' ? paint(io, 'red', 'FAIL') : finding.severity === 'warning' ? paint(io, 'yellow', 'WARN') : 'INFO';
    line(io, `${tag} ${finding.rule} ${formatFinding(finding)}`);
  }
  const c = report.counts;
  line(io, `${report.objects} objects checked: ${c.error} errors, ${c.warning} warnings, ${c.info} info, ${c.suppressed} suppressed`);
}

export const checkCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('check'))
      .description('check the rendered platform offline: schemas, security policy, HA, capacity, network')
      .option(
        '--schemas <location...>',
        'kubeconform-style schema locations, first match wins: folders, path or URL templates ({{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}, {{.KindSuffix}}, {{.NormalizedKubernetesVersion}}, {{.StrictSuffix}}) or "default"; without it the public Kubernetes schemas and the datreeio CRDs catalog, cached under $XDG_CACHE_HOME/datalyptica/schemas',
      )
      .option('--skip-schemas', 'do not validate objects against JSON Schemas (the other checks still run)')
      .option('--kubernetes-version <version>', 'Kubernetes version for {{.NormalizedKubernetesVersion}} (e.g. 1.30.0)', 'master')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
      .action(async (options: CheckOptions) => {
        if (options.skipSchemas === true && options.schemas !== undefined) {
          throw new DatalypticaError(ErrorCode.Usage, '--schemas and --skip-schemas contradict each other', { hint: 'pass one of them' });
        }
        const { platform } = platformFrom(options);
        const validator = await openSchemas(io, options, platform);
        const report = runChecks(platform, validator ? { validator } : {});
        if (options.output === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (options.output === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(report, { toolVersion: VERSION }), null, 2)}\n`);
        else printText(io, report);
        printSchemaNotes(io, report, options);
        setExit(report.ok ? EXIT.ok : EXIT.failure);
      });
  },
};
