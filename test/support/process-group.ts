import type { ChildProcess } from 'node:child_process';

/**
 * Stopping a server started `detached` (so it leads its own process group): Python servers run their workers in
 * children (uvicorn, gunicorn, the hub's spawners), and only ending the group ends them. SIGTERM first — to the group,
 * or to the leader alone when it shuts its children down itself — then SIGKILL to the group after `graceMs`. A test
 * process that ends without calling `stop` (killed, crashed) kills the group at exit, so no server outlives it.
 */
export function processGroup(child: ChildProcess, options: { readonly term?: 'group' | 'leader'; readonly graceMs?: number } = {}): { stop: () => Promise<void> } {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  const orphanGuard = () => signal('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  const stop = async () => {
    process.off('exit', orphanGuard);
    if (child.exitCode !== null) return;
    if (options.term === 'leader') child.kill('SIGTERM');
    else signal('SIGTERM');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        signal('SIGKILL');
        resolve();
      }, options.graceMs ?? 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
  return { stop };
}
