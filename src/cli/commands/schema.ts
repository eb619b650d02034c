import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../../config/json-schema.ts';
import type { CliCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { note } from '../io.ts';

export const schemaCommand: CliCommand = {
  register(program, { io, setExit }) {
    program
      .command('schema')
      .description('print the JSON Schema of datalyptica.yaml (for editors: yaml-language-server)')
      .option('-o, --out <file>', 'write to a file instead of stdout')
      .action((options: { out?: string }) => {
        const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
        if (options.out) {
          writeFileSync(options.out, text);
          note(io, `wrote ${options.out}; add "# yaml-language-server: $schema=${options.out}" to datalyptica.yaml`);
        } else io.stdout.write(text);
        setExit(EXIT.ok);
      });
  },
};
