import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];
let hooked = false;

/**
 * A fresh folder under the system temp folder, removed when the test process exits, whatever the
 * outcome: tests write generated Secrets, kubeconfigs and rendered trees, and none may outlive
 * the run. Every test creates its temp folders here (a test enforces it).
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  if (!hooked) {
    hooked = true;
    // node:test runs each file in its own process, so 'exit' fires once per file.
    process.on('exit', removeTempDirs);
    // A run stopped by a signal (a timeout, Ctrl-C) never reaches 'exit': clean up, then end as the signal would.
    // When other code in the process listens too (the deploy command under test handles SIGINT itself, and a
    // suite emits SIGINT to interrupt it), that code owns the signal and the process must keep running.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (process.listenerCount(signal) > 1) return;
        removeTempDirs();
        process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      });
    }
  }
  return dir;
}

/** Removes every folder {@link tempDir} created so far (also run at exit). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
