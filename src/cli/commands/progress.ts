import { DefaultRenderer, Listr, ListrLogger, ProcessOutput, type ListrTaskWrapper } from 'listr2';
import type { CliIO } from '../io.ts';

/** One line of a progress display: a deploy step or an uninstall batch. */
export interface ProgressTask {
  readonly id: string;
  readonly title: string;
}

/**
 * What `deploy` and `uninstall` report progress to. The engine drives the order (steps start as
 * their dependencies finish), the display only follows it.
 */
export interface Progress {
  start(id: string): void;
  /** The latest thing a running task is doing (one line). */
  output(id: string, text: string): void;
  done(id: string, title?: string): void;
  fail(id: string, message: string): void;
  skip(id: string, message: string): void;
  /** Settles what is left (as skipped) and stops rendering. */
  close(): Promise<void>;
}

/**
 * listr2's default renderer, allowed off `process.stdout`: whether the output is a terminal is
 * decided by `interactive(io)` on the command's own streams, not by listr2's look at the process.
 */
class TerminalRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

/** How often task output lines reach the renderer. */
const FLUSH_MS = 100;

type Outcome = { readonly kind: 'done'; readonly title?: string } | { readonly kind: 'fail' | 'skip'; readonly message: string };

interface Slot {
  readonly task: ProgressTask;
  wrapper?: ListrTaskWrapper<unknown, typeof TerminalRenderer, typeof TerminalRenderer>;
  started: boolean;
  output?: string;
  settled: boolean;
  settle(outcome: Outcome): void;
  readonly outcome: Promise<Outcome>;
}

/**
 * Spinners and a live task list (listr2) for a terminal. Every task exists from the start, so
 * the list shows what is still to come ("pending") next to what runs.
 * @see https://listr2.kilic.dev/renderer/default.html
 */
export function terminalProgress(io: CliIO, tasks: readonly ProgressTask[]): Progress {
  const slots = new Map<string, Slot>();
  for (const task of tasks) {
    let settle!: (outcome: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    const slot: Slot = {
      task,
      started: false,
      settled: false,
      outcome,
      settle: (o) => {
        if (slot.settled) return;
        slot.settled = true;
        settle(o);
      },
    };
    slots.set(task.id, slot);
  }
  const processOutput = new ProcessOutput(io.stdout as NodeJS.WriteStream, io.stderr as NodeJS.WriteStream);
  const listr = new Listr<unknown, typeof TerminalRenderer, typeof TerminalRenderer>(
    [...slots.values()].map((slot) => ({
      title: `${slot.task.title} · pending`,
      task: async (_ctx: unknown, wrapper: ListrTaskWrapper<unknown, typeof TerminalRenderer, typeof TerminalRenderer>) => {
        slot.wrapper = wrapper;
        if (slot.started) wrapper.title = slot.task.title;
        if (slot.output !== undefined) wrapper.output = slot.output;
        const outcome = await slot.outcome;
        if (outcome.kind === 'skip') return wrapper.skip(`${slot.task.title}: ${outcome.message}`);
        if (outcome.kind === 'fail') throw new Error(`${slot.task.title}: ${outcome.message}`);
        wrapper.title = (outcome.kind === 'done' ? outcome.title : undefined) ?? slot.task.title;
        return undefined;
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: TerminalRenderer,
      fallbackRenderer: TerminalRenderer,
      fallbackRendererCondition: false,
      silentRendererCondition: false,
      rendererOptions: { logger: new ListrLogger({ processOutput, useIcons: true }), collapseErrors: false, showErrorMessage: true, formatOutput: 'truncate' },
    },
  );
  // Output changes arrive by the hundred per second; each one would redraw the whole list, so the
  // latest line per task is pushed to the renderer at most every FLUSH_MS.
  const dirty = new Set<Slot>();
  const flush = (): void => {
    for (const slot of dirty) if (slot.wrapper && !slot.settled && slot.output !== undefined) slot.wrapper.output = slot.output;
    dirty.clear();
  };
  const timer = setInterval(flush, FLUSH_MS);
  timer.unref();
  const running = listr
    .run()
    .catch(() => undefined)
    .finally(() => clearInterval(timer));
  const get = (id: string): Slot | undefined => slots.get(id);
  return {
    start(id) {
      const slot = get(id);
      if (!slot) return;
      slot.started = true;
      if (slot.wrapper) slot.wrapper.title = slot.task.title;
    },
    output(id, text) {
      const slot = get(id);
      if (!slot) return;
      slot.output = text;
      dirty.add(slot);
    },
    done: (id, title) => get(id)?.settle({ kind: 'done', ...(title === undefined ? {} : { title }) }),
    fail: (id, message) => get(id)?.settle({ kind: 'fail', message }),
    skip: (id, message) => get(id)?.settle({ kind: 'skip', message }),
    async close() {
      for (const slot of slots.values()) slot.settle({ kind: 'skip', message: 'not run' });
      await running;
    },
  };
}
