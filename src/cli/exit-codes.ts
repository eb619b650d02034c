/** Process exit codes every command uses. */
export const EXIT = {
  ok: 0,
  failure: 1,
  nothingToDo: 2,
  pendingChanges: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
