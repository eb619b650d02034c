import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Python server the probe suites run for real from a virtualenv `.ci/run` builds under `.cache/<name>-venv` from
 * `test/support/<name>-requirements.txt`: the executable (or the one an environment variable names), and the command
 * that installs it the same way, for skip and failure messages.
 */
export interface PythonServer {
  /** The executable, when installed; undefined otherwise. */
  readonly binary: () => string | undefined;
  /** How to install it the way `.ci/run` does. */
  readonly install: string;
}

/** The server `executable` from `.cache/<venv>-venv`, or the path in `envVar` when that exists. */
export function pythonServer(input: { readonly venv: string; readonly executable: string; readonly envVar: string }): PythonServer {
  const folder = `.cache/${input.venv}-venv`;
  return {
    binary: () => {
      const named = process.env[input.envVar];
      if (named !== undefined && existsSync(named)) return named;
      const cached = join(import.meta.dirname, '..', '..', folder, 'bin', input.executable);
      return existsSync(cached) ? cached : undefined;
    },
    install: `python3 -m venv ${folder} && ${folder}/bin/pip install -r test/support/${input.venv}-requirements.txt`,
  };
}
