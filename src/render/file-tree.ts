/** A rendered output: relative POSIX path → file content. Sorted by path when iterated via `entries`. */
export type FileTree = ReadonlyMap<string, string>;

export function sortedEntries(tree: FileTree): [string, string][] {
  return [...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
