import type { PinnedVersion } from '../model/versions-catalog.ts';
import { toYaml } from './yaml.ts';

/** Output formats of `datalyptica versions`. */
export const VERSIONS_FORMATS = ['table', 'json', 'yaml'] as const;
export type VersionsFormat = (typeof VERSIONS_FORMATS)[number];

/** Widest NAME cell: with VALUE_WIDTH, a row fits 120 columns; longer names (manifest URLs) keep their end. */
const NAME_WIDTH = 38;
/** Widest VERSION and LATEST cells; longer values (image tag variants) keep their start. */
const VALUE_WIDTH = 24;

/** The catalogue in the chosen format: full entries for json/yaml, one row per pin for the table. Pure. */
export function versionsOutput(pins: readonly PinnedVersion[], format: VersionsFormat): string {
  if (format === 'json') return `${JSON.stringify(pins, null, 2)}\n`;
  if (format === 'yaml') return toYaml(pins);
  return versionsTable(pins);
}

/** KIND, NAME, VERSION, LATEST (`-` when current) and CHECKED (`*` when verified that day). Pure. */
export function versionsTable(pins: readonly PinnedVersion[]): string {
  // `--outdated` with every pin current: say so rather than print a header over no rows.
  if (pins.length === 0) return 'No pins (none behind the newest upstream versions checked).\n';
  const header = ['KIND', 'NAME', 'VERSION', 'LATEST', 'CHECKED'];
  const rows = pins.map((p) => [
    p.kind,
    keepEnd(displayName(p), NAME_WIDTH),
    keepStart(p.version),
    keepStart(p.latest ?? '-'),
    `${p.checked}${p.verified === true ? ' *' : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const outdated = pins.filter((p) => p.latest !== undefined).length;
  const footer = `${pins.length} pins, ${outdated} behind upstream (LATEST); * = verified against upstream on that day.\nChart repositories, sources, users and notes: -o json or -o yaml.`;
  return `${[line(header), ...rows.map(line), '', footer].join('\n')}\n`;
}

function displayName(pin: PinnedVersion): string {
  if (pin.kind === 'manifest') return pin.name.replace(/^https:\/\//, '');
  return pin.name;
}

function keepEnd(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

function keepStart(text: string): string {
  return text.length <= VALUE_WIDTH ? text : `${text.slice(0, VALUE_WIDTH - 1)}…`;
}
