import { Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { runChecks, type CheckReport } from '../../check/run.ts';
import { formatFinding } from '../../check/finding.ts';
import { runManifestChecks, type ManifestReport } from '../../check/manifests/run-manifests.ts';
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
import type { KubeObject } from '../../model/kube.ts';

interface CheckOptions {
  config?: string;
  schemas?: string[];
  skipSchemas?: boolean;
  kubernetesVersion: string;
  output: string;
  target?: 'kubernetes' | 'openshift';
}

/**
 * The schema validator for `--schemas` (or the public defaults), with every remote schema the
 * platform's kinds need fetched or read from the cache now; undefined with `--skip-schemas`.
 */
async function openSchemas(io: CliIO, options: CheckOptions, objects: readonly KubeObject[]): Promise<SchemaValidator | undefined> {
  if (options.skipSchemas === true) return undefined;
  const locations = options.schemas ?? DEFAULT_LOCATIONS;
  for (const location of locations) {
    const parsed = parseLocation(location);
    if (parsed.type === 'dir' && existsSync(parsed.dir) && statSync(parsed.dir).isFile()) {
      // --schemas takes every following word, so `check --schemas DIR app.yaml` swallows the manifest.
      throw new DatalypticaError(ErrorCode.Usage, `--schemas ${parsed.dir}: a schema location is a folder or a URL template, and ${parsed.dir} is a file`, {
        hint: `if ${parsed.dir} is a manifest to check, name it before the option (--schemas takes every word after it): datalyptica check ${parsed.dir} --schemas LOCATION...`,
      });
    }
    if (parsed.type === 'dir' && !existsSync(parsed.dir)) {
      throw new DatalypticaError(ErrorCode.SchemaDirMissing, `schema folder ${parsed.dir} does not exist`, {
        hint: 'point --schemas at a kubeconform-style folder or URL template, e.g. ../shared/schemas or https://host/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json',
      });
    }
  }
  const kinds = new Map(objects.map((object) => [`${object.apiVersion} ${object.kind}`, { apiVersion: object.apiVersion, kind: object.kind }]));
  return SchemaValidator.open({ locations, kinds: kinds.values(), cacheDir: defaultSchemaCacheDir(io.env), kubernetesVersion: options.kubernetesVersion, storeResults: true });
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

/** In manifests mode the text output ends with what ran, what ran in part and what was skipped. */
function printCheckers(io: CliIO, report: ManifestReport): void {
  const ran = report.checkers.filter((c) => c.ran);
  const skipped = report.checkers.filter((c) => !c.ran);
  line(io, `checks run (target ${report.target}): ${ran.map((c) => (c.note ? `${c.id} (${c.note})` : c.id)).join('; ')}`);
  line(io, `skipped without a platform: ${skipped.map((c) => `${c.id} (${c.note ?? 'not applicable'})`).join('; ')}`);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text;
}

function write(io: CliIO, output: string, report: CheckReport): void {
  if (output === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (output === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(report, { toolVersion: VERSION }), null, 2)}\n`);
  else printText(io, report);
}

export const checkCommand: CliCommand = {
  register(program, { io, setExit }) {
    withConfig(program.command('check'))
      .description('check the rendered platform offline (schemas, security policy, HA, capacity, network), or any manifests: FILE, DIR (recursive) or - for stdin')
      .argument('[manifests...]', 'YAML files, folders (read recursively) or - for standard input; without them the platform from the config is rendered and checked')
      .option(
        '--schemas <location...>',
        'kubeconform-style schema locations, first match wins: folders, path or URL templates ({{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}, {{.KindSuffix}}, {{.NormalizedKubernetesVersion}}, {{.StrictSuffix}}) or "default"; without it the public Kubernetes schemas and the datreeio CRDs catalog, cached under $XDG_CACHE_HOME/datalyptica/schemas (manifests mode: schemas are checked only with --schemas)',
      )
      .option('--skip-schemas', 'do not validate objects against JSON Schemas (the other checks still run)')
      .option('--kubernetes-version <version>', 'Kubernetes version for {{.NormalizedKubernetesVersion}} (e.g. 1.30.0)', 'master')
      .addOption(new Option('--target <target>', 'manifests mode: the cluster the manifests are for (default: openshift when any *.openshift.io object is present)').choices(['kubernetes', 'openshift']))
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
      .action(async (manifests: string[], options: CheckOptions) => {
        if (options.skipSchemas === true && options.schemas !== undefined) {
          throw new DatalypticaError(ErrorCode.Usage, '--schemas and --skip-schemas contradict each other', { hint: 'pass one of them' });
        }
        if (manifests.length === 0) {
          const { platform } = platformFrom(options);
          const validator = await openSchemas(io, options, platform.objects.map((p) => p.object));
          const report = runChecks(platform, validator ? { validator } : {});
          write(io, options.output, report);
          printSchemaNotes(io, report, options);
          setExit(report.ok ? EXIT.ok : EXIT.failure);
          return;
        }
        if (options.config !== undefined) throw new DatalypticaError(ErrorCode.Usage, '--config applies to the platform check, not to manifests', { hint: 'drop --config, or drop the manifest paths to check the platform' });
        const stdin = manifests.includes('-') ? await readAll(io.stdin) : '';
        // Loaded here only: the manifests reader brings js-yaml, which the platform check never needs.
        const { loadManifests } = await import('../../check/manifests/load.ts');
        const objects = loadManifests(manifests, () => stdin).map((o) => o.object);
        // Manifests bring their own CRDs: schemas are checked when the user names where they are.
        const validator = options.schemas === undefined ? undefined : await openSchemas(io, options, objects);
        const report = runManifestChecks(objects, { ...(validator ? { validator } : {}), ...(options.target ? { target: options.target } : {}) });
        write(io, options.output, report);
        if (options.output === 'text') printCheckers(io, report);
        printSchemaNotes(io, report, options);
        setExit(report.ok ? EXIT.ok : EXIT.failure);
      });
  },
};
