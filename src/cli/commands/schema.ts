import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { configJsonSchema } from '../../config/json-schema.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { CliCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { note } from '../io.ts';

/** Formats `schema -o` prints; JSON is what yaml-language-server and most editors read. */
export const SCHEMA_FORMATS = ['json', 'yaml'] as const;

export const schemaCommand: CliCommand = {
  register(program, { io, setExit }) {
    program
      .command('schema')
      .description('print the JSON Schema of datalyptica.yaml (for editors: yaml-language-server)')
      .option('-o, --output <format>', `output format: ${SCHEMA_FORMATS.join(' or ')}`, 'json')
      .option('--file <file>', 'write the schema to this file instead of stdout')
      .action((options: { output: string; file?: string }) => {
        if (!(SCHEMA_FORMATS as readonly string[]).includes(options.output)) {
          // `-o` used to be the destination file: name the flag that took its place.
          throw new DatalypticaError(ErrorCode.Usage, `-o takes an output format (${SCHEMA_FORMATS.join('|')}), not "${options.output}"`, { hint: `to write a file pass --file ${options.output}` });
        }
        const schema = configJsonSchema();
        const text = options.output === 'yaml' ? stringify(schema, { lineWidth: 0 }) : `${JSON.stringify(schema, null, 2)}\n`;
        if (options.file) {
          writeFileSync(options.file, text);
          note(io, `wrote ${options.file}; add "# yaml-language-server: $schema=${options.file}" to datalyptica.yaml`);
        } else io.stdout.write(text);
        setExit(EXIT.ok);
      });
  },
};
