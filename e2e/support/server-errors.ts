// Server-side errors a test run must not shrug off: the app logs "[triplock] unhandled
// error" where a request ended in a 500 it did not expect (lib/http.ts). Each one is a
// bug, whichever test caused it, so every server's stop (and the browser run's teardown)
// checks its whole log and fails the run.
const UNHANDLED = /unhandled error/;
const STACK_LINES = 12;

/** The unhandled errors reported in a server's log, each with the lines that follow it. */
function unhandledErrors(log: string): string[] {
  const lines = log.split("\n");
  return lines.flatMap((line, i) =>
    UNHANDLED.test(line) ? [lines.slice(i, i + STACK_LINES).join("\n")] : [],
  );
}

/** Throws when `log`, the whole log of `server`, reports an unhandled error. */
export function failOnUnhandledErrors(log: string, server: string): void {
  const errors = unhandledErrors(log);
  if (errors.length === 0) return;
  // Quoted, so that test runners do not take the server's stack for the test's.
  const quoted = errors.map((e) => e.replace(/^/gm, "| ")).join("\n\n");
  throw new Error(`${server} logged ${errors.length} unhandled error(s):\n${quoted}`);
}

/** Throws what cleanups (that each ran to the end) threw: one error, or all as one. */
export function rethrowAll(errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new Error(errors.map((e) => (e as Error).message ?? e).join("\n\n"));
}
