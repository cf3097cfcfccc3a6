export async function register() {
  // The build imports this file too; only a running Node.js server starts services.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build")
    return;
  try {
    // First, before any module reads the configuration: the embedded database and the
    // generated secret of a local install.
    const { applyLocalSetup } = await import("./lib/server/local-setup");
    await applyLocalSetup();
    const { startServer } = await import("./lib/startup");
    await startServer();
  } catch (error) {
    // Next.js would otherwise keep serving, a 500 for every request: a server that cannot
    // start properly stops, and says why.
    console.error(`[triplock] cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * Errors Next.js caught in a page, a server action or a route outside lib/web/http.ts's
 * wrapper: logged like the API's own unhandled errors, so they are never silent.
 */
export async function onRequestError(error: unknown, request: { method: string; path: string }) {
  const where = `${request.method} ${request.path}`;
  // How Next.js refuses a server action posted from another origin (CSRF) or naming no
  // action of this build: the client's doing, not a failure of ours.
  if ((error as Error | undefined)?.message === "Invalid Server Actions request.") {
    console.warn(`[triplock] refused a server action: ${where}`);
    return;
  }
  const { isDatabaseUnavailable } = await import("./lib/server/db");
  if (isDatabaseUnavailable(error)) {
    console.error(`[triplock] database unavailable in ${where}:`, (error as Error).message);
    return;
  }
  console.error(`[triplock] unhandled error in ${where}:`, error);
}
