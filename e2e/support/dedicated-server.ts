import { afterAll } from "vitest";
import { createDatabase, startServer, type TestServer } from "./test-server";

/**
 * Returns a factory of servers that each get their own fresh database and settings; all
 * are stopped and their databases dropped after the calling file's tests.
 */
export function dedicatedServers(defaults: Record<string, string> = {}) {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return async (env: Record<string, string> = {}): Promise<TestServer> => {
    const database = await createDatabase();
    const server = await startServer(database, { env: { ...defaults, ...env } });
    cleanups.push(database.drop, server.stop);
    return server;
  };
}
