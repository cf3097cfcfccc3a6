import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/server/embedded-postgres";

// The PostgreSQL server a test run creates its databases on: DATABASE_URL's when it is set,
// otherwise a throwaway embedded one, so `npm test` needs nothing but Node.js.

export interface RunPostgres {
  /** A connection string to the server's `postgres` database (an admin connection). */
  url: string;
  stop: () => Promise<void>;
}

export async function runPostgres(): Promise<RunPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };
  // Deleted again when the server stops, or when this process exits.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "triplock-pg-"));
  const server = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  return { url: server.url, stop: server.stop };
}

/**
 * For a vitest globalSetup: starts the run's server and exports it as DATABASE_URL, which
 * the test workers inherit. Returns the teardown.
 */
export async function exportRunPostgres(): Promise<() => Promise<void>> {
  const server = await runPostgres();
  process.env.DATABASE_URL = server.url;
  return server.stop;
}
