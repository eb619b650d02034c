import { createInterface } from 'node:readline/promises';
import { stringify } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';

export const OUTPUT_FORMATS = ['table', 'yaml', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Where commands write. Tests swap in buffers; the real one is process stdout/stderr. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Colour and spinners only for a terminal, and never with NO_COLOR or in CI. */
export function interactive(io: CliIO): boolean {
  return Boolean(io.stdout.isTTY) && io.env['NO_COLOR'] === undefined && io.env['CI'] !== 'true';
}

export function paint(io: CliIO, code: 'red' | 'green' | 'yellow' | 'bold' | 'dim', text: string): string {
  if (!interactive(io)) return text;
  const codes = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;
  return `\u001b[${codes[code]}m${text}\u001b[0m`;
}

export function line(io: CliIO, text = ''): void {
  io.stdout.write(`${text}\n`);
}

export function note(io: CliIO, text: string): void {
  io.stderr.write(`${text}\n`);
}

/** Plain aligned columns; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** Prints data as JSON, YAML, or through the command's table renderer. */
export function printData(io: CliIO, format: OutputFormat, data: unknown, asTable: () => string): void {
  if (format === 'json') io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'yaml') io.stdout.write(stringify(data, { lineWidth: 0 }));
  else io.stdout.write(asTable());
}

export function parseFormat(value: string, allowed: readonly string[] = OUTPUT_FORMATS): string {
  if (!allowed.includes(value)) {
    throw new DatalypticaError(ErrorCode.Usage, `unknown output format "${value}"`, { hint: `use -o ${allowed.join('|')}` });
  }
  return value;
}

/**
 * Asks before something destructive. `--yes` skips it; with no terminal to ask on, it refuses
 * rather than guess. `expected` demands a typed answer (e.g. the namespace name) instead of y/N.
 */
export async function confirm(io: CliIO, options: { question: string; yes: boolean; expected?: string }): Promise<void> {
  if (options.yes) return;
  if (!io.stdin.isTTY) {
    throw new DatalypticaError(ErrorCode.Aborted, 'refusing to continue without confirmation: no terminal to ask on', {
      hint: 'add --yes to confirm non-interactively',
    });
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const prompt = options.expected ? `${options.question} Type "${options.expected}" to confirm: ` : `${options.question} [y/N] `;
    const answer = (await rl.question(prompt)).trim();
    const ok = options.expected ? answer === options.expected : /^y(es)?$/i.test(answer);
    if (!ok) throw new DatalypticaError(ErrorCode.Aborted, 'aborted: not confirmed');
  } finally {
    rl.close();
  }
}
