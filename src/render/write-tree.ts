import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import { sortedEntries, type FileTree } from './file-tree.ts';
import { MARKER_FILE } from './kustomize-tree.ts';

/**
 * Writes a tree to `dir` all or nothing: into a sibling temporary folder first, then swapped in.
 * An existing folder is replaced only if empty or written by a previous render (its marker file),
 * so a typo in `--out-dir` cannot wipe someone's directory.
 */
export function writeTree(tree: FileTree, dir: string): void {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new DatalypticaError(ErrorCode.OutputExists, `${dir} is a file, not a folder: render writes a Kustomize tree into a folder`, {
      hint: 'pass a new or empty folder with --out-dir, or `-o yaml` for the bundle on stdout',
    });
  }
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, MARKER_FILE))) {
    throw new DatalypticaError(ErrorCode.OutputExists, `${dir} exists and was not written by datalyptica render`, {
      hint: 'choose an empty or new folder for --out-dir, or remove it first',
    });
  }
  const staging = `${target}.tmp-${process.pid}`;
  const previous = `${target}.old-${process.pid}`;
  try {
    rmSync(staging, { recursive: true, force: true });
    for (const [path, content] of sortedEntries(tree)) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
  } catch (cause) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(target) && existsSync(previous)) renameSync(previous, target);
    throw new DatalypticaError(ErrorCode.WriteFailed, `could not write the rendered tree to ${dir}`, { cause });
  }
}
