import { afterAll } from "vitest";
import { rethrowAll } from "./server-errors";
import { createDatabase, startServer, type TestServer } from "./test-server";

/**
 * Returns a factory of servers that each get their own fresh database and settings; all
 * are stopped and their databases dropped after the calling file's tests, and the file
 * fails if any of them logged an unhandled error.
 */
export function dedicatedServers(defaults: Record<string, string> = {}) {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => failures.push(e));
    rethrowAll(failures);
  });
  return async (env: Record<string, string> = {}): Promise<TestServer> => {
    const database = await createDatabase();
    const server = await startServer(database, { env: { ...defaults, ...env } });
    cleanups.push(database.drop, server.stop);
    return server;
  };
}
