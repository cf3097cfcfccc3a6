import "server-only";
import { log } from "./log";

// The background work every app instance does, one pass at a time: answering link requests
// (lib/auth/link-requests.ts), sending queued mail (lib/email/outbox.ts), then housekeeping
// (lib/server/housekeeping.ts). A pass runs soon after a request records new work (`wakeWorker`),
// when a task says work falls due (a retry), and every few seconds for work recorded by
// other instances.

/** A task that resolves with a Date has work due then: the worker wakes for it. */
export type Task = () => Promise<unknown>;

const POLL_MS = 5_000;

const state = globalThis as unknown as {
  triplockWorker?: {
    tasks: Task[];
    running: boolean;
    again: boolean;
    timer?: NodeJS.Timeout;
    due?: NodeJS.Timeout;
  };
};

/** Runs a pass soon, without ever making the caller wait for it. */
export function wakeWorker(): void {
  const s = state.triplockWorker;
  if (!s) return;
  if (s.running) {
    s.again = true;
    return;
  }
  s.running = true;
  setImmediate(async () => {
    let next = Infinity;
    for (const task of s.tasks) {
      const due = await task().catch((error: unknown) =>
        log().error({ err: error }, "background work failed"),
      );
      if (due instanceof Date) next = Math.min(next, due.getTime());
    }
    clearTimeout(s.due);
    if (next - Date.now() < POLL_MS) {
      s.due = setTimeout(wakeWorker, Math.max(0, next - Date.now()));
      s.due.unref();
    }
    s.running = false;
    if (s.again) {
      s.again = false;
      wakeWorker();
    }
  });
}

export function startWorker(tasks: Task[]): void {
  if (state.triplockWorker) return;
  state.triplockWorker = { tasks, running: false, again: false };
  state.triplockWorker.timer = setInterval(wakeWorker, POLL_MS);
  state.triplockWorker.timer.unref();
  wakeWorker();
}
