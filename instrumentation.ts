export async function register() {
  // The build imports this file too; only a running Node.js server starts services.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build")
    return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}
