export async function register() {
  // Only a running Node.js server starts services (the build imports this file too).
  if (
    process.env.NEXT_RUNTIME === "nodejs" &&
    process.env.NEXT_PHASE !== "phase-production-build"
  ) {
    const { boot } = await import("./lib/boot");
    await boot();
  }
}

/**
 * Errors Next.js caught in a page, a server action or a route outside lib/web/http.ts's
 * wrapper: logged like the API's own unhandled errors, so they are never silent.
 */
export async function onRequestError(error: unknown, request: { method: string; path: string }) {
  // Only the Node.js server runs the app (the edge build must not pull in the database client).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const where = `${request.method} ${request.path.split("?")[0]}`;
  const { log } = await import("./lib/server/log");
  // How Next.js refuses a server action posted from another origin (CSRF) or naming no
  // action of this build: the client's doing, not a failure of ours.
  if ((error as Error | undefined)?.message === "Invalid Server Actions request.") {
    log().warn({ where }, "refused a server action");
    return;
  }
  const { isDatabaseUnavailable } = await import("./lib/server/db");
  if (isDatabaseUnavailable(error)) {
    log().error({ where, err: (error as Error).message }, "database unavailable");
    return;
  }
  log().error({ where, err: error }, "unhandled error");
}
