import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { SECRETS_FILE_ENV } from "./secrets-seen";
import { exportRunPostgres } from "./postgres";
import { createDatabase, startServer } from "./test-server";

// The run's PostgreSQL (DATABASE_URL's, or an embedded one), and one production server on a
// fresh database for the whole API suite; other servers are started by the files that
// need them.
export default async function setup(project: TestProject) {
  // Every secret the run sees is noted here; each server's log is searched for them at stop.
  const secretsFile = path.join(os.tmpdir(), `triplock-secrets-${process.pid}-${Date.now()}.jsonl`);
  writeFileSync(secretsFile, "");
  process.env[SECRETS_FILE_ENV] = secretsFile;
  project.provide("secretsFile", secretsFile);
  const stopPostgres = await exportRunPostgres();
  const database = await createDatabase();
  // Every test calls from 127.0.0.1: the per-IP mail cap is tested on its own server.
  const server = await startServer(database, {
    env: { MAIL_PER_IP_PER_HOUR: "100000", LOGIN_FAILURES_PER_IP: "100000" },
  });
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", database.url);
  return async () => {
    // stop() throws on an unhandled error in the server's log. vitest only reports what a
    // teardown throws, so the exit code is set here to fail the run.
    try {
      await server.stop();
    } catch (error) {
      process.exitCode = 1;
      throw error;
    } finally {
      await database.drop();
      await stopPostgres();
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    secretsFile: string;
  }
}
