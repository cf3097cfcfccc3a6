import type { TestProject } from "vitest/node";
import { createDatabase, startServer } from "./test-server";

// One production server on a fresh database for the whole API suite.
export default async function setup(project: TestProject) {
  const database = await createDatabase();
  // Every test calls from 127.0.0.1: the per-IP mail cap is tested on its own server.
  const server = await startServer(database, {
    env: { MAIL_PER_IP_PER_HOUR: "100000", LOGIN_FAILURES_PER_IP: "100000" },
  });
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", database.url ?? "");
  return async () => {
    // A 500 in any test is a bug; its cause is in the server's log, not the test's.
    const unhandled = server
      .logs()
      .split("\n")
      .filter((line) => line.includes("unhandled error"));
    if (unhandled.length) console.error(`[api] server errors:\n${server.logs()}`);
    await server.stop();
    await database.drop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}
