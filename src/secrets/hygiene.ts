import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import { DIR_MODE, FILE_MODE } from './files.ts';

/** A file or folder in the secrets folder that other users of the machine can read. */
export interface ExposedPath {
  readonly path: string;
  /** Its permission bits, octal (`755`). */
  readonly mode: string;
  /** The mode it should have (`700` for folders, `600` for files). */
  readonly expected: string;
}

/**
 * Every folder and file under the secrets folder (the folder itself included) with any group or
 * world permission bit set. Generated secrets are owner-only; anything else lets another account
 * on the machine read the platform's passwords.
 */
export function exposedSecretPaths(dir: string): ExposedPath[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: ExposedPath[] = [];
  const visit = (path: string, depth: number): void => {
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    const expected = stat.isDirectory() ? DIR_MODE : FILE_MODE;
    if ((mode & 0o077) !== 0) out.push({ path, mode: mode.toString(8), expected: expected.toString(8) });
    if (stat.isDirectory() && depth < 2) for (const entry of readdirSync(path).sort()) visit(join(path, entry), depth + 1);
  };
  visit(dir, 0);
  return out;
}

/** Runs git in `cwd`; undefined when git is missing or fails to start. */
function git(cwd: string, args: readonly string[]): { status: number; stdout: string } | undefined {
  try {
    return { status: 0, stdout: execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) };
  } catch (error) {
    const status = (error as { status?: number | null }).status;
    if (typeof status !== 'number') return undefined;
    return { status, stdout: String((error as { stdout?: unknown }).stdout ?? '') };
  }
}

/**
 * Why secret files in `dir` could end up in git, or undefined when they cannot: `dir` is outside
 * any git work tree, or git ignores a file written there (`git check-ignore`, which applies every
 * `.gitignore` on the way, including one a user put in the secrets folder that re-includes files
 * with `!`) and tracks none already.
 * @see https://git-scm.com/docs/git-check-ignore
 */
export function gitExposure(dir: string): string | undefined {
  const inside = git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (inside === undefined || inside.status !== 0 || inside.stdout.trim() !== 'true') return undefined;
  const tracked = git(dir, ['ls-files', '--', '.']);
  if (tracked && tracked.stdout.trim() !== '') {
    const files = tracked.stdout.trim().split('\n');
    return `git already tracks ${files.length} file${files.length === 1 ? '' : 's'} in it (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`;
  }
  const probe = join('probe-namespace', 'probe-secret.yaml');
  const ignored = git(dir, ['check-ignore', '-q', '--no-index', '--', probe]);
  if (ignored && ignored.status === 1) return `git does not ignore a secret file written there (git check-ignore ${join(dir, probe)} matches no ignore rule; check ${join(dir, '.gitignore')} and the repository's .gitignore)`;
  return undefined;
}

/** Refuses to write secrets where git would pick them up. */
export function assertNotCommittable(dir: string): void {
  const exposure = gitExposure(dir);
  if (exposure === undefined) return;
  throw new DatalypticaError(ErrorCode.SecretsInvalid, `refusing to write secrets to ${dir}: ${exposure}`, {
    hint: `make git ignore the folder (a .gitignore in it holding "*", which \`secrets generate\` writes when there is none), untrack committed files with \`git rm --cached -r ${relative(process.cwd(), dir) || '.'}\` and rotate them, or choose --dir outside the repository`,
  });
}

/** One warning line per exposed path, with the command that fixes it. */
export function exposureWarnings(dir: string): string[] {
  return exposedSecretPaths(dir).map((p) => `warning: ${p.path} is readable by other users (mode ${p.mode}); fix: chmod ${p.expected} ${p.path}`);
}
