import "server-only";

// How the Node.js server starts (from instrumentation.ts): in its own module, so that the
// edge build of instrumentation.ts, which Next.js also makes, never sees Node-only code.

export async function boot(): Promise<void> {
  try {
    // First, before any module reads the configuration: the embedded database and the
    // generated secret of a local install.
    const { applyLocalSetup } = await import("./server/local-setup");
    await applyLocalSetup();
    const { startServer } = await import("./startup");
    await startServer();
  } catch (error) {
    // Next.js would otherwise keep serving, a 500 for every request: a server that cannot
    // start properly stops, and says why.
    const message = (error as Error).message;
    try {
      const { log } = await import("./server/log");
      log().fatal({ err: message }, "cannot start");
    } catch {
      // The configuration the logger reads may be what is wrong.
      console.error(`[triplock] cannot start: ${message}`);
    }
    process.exit(1);
  }
}
