/** Process exit codes every command uses. */
export const EXIT = {
  ok: 0,
  failure: 1,
  nothingToDo: 2,
  pendingChanges: 3,
  /** Stopped by SIGINT/SIGTERM (128 + SIGINT's 2, as shells report it). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
