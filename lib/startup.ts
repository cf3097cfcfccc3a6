import "server-only";
import path from "node:path";
import pg from "pg";
import { config } from "./config";
import { poolConfig } from "./database-url";
import { startEmailWorker } from "./email/outbox";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { migrate, readMigrations } from "./migrate";
import { prepareDummyHash } from "./passwords";
import { installRequestGuard } from "./request-guard";

// Everything the server does once before it takes requests (called from instrumentation.ts).
export async function startServer(): Promise<void> {
  const { databaseUrl, dataDir, trustProxy } = config();
  installRequestGuard(trustProxy);
  if (!databaseUrl) await startEmbeddedPostgres(dataDir);

  const client = new pg.Client(poolConfig(databaseUrl, dataDir));
  await client.connect();
  try {
    const applied = await migrate(
      client,
      readMigrations(path.join(process.cwd(), "prisma", "migrations")),
    );
    if (applied.length) console.log(`[triplock] applied migrations: ${applied.join(", ")}`);
  } finally {
    await client.end();
  }
  startEmailWorker();
  void prepareDummyHash();
}
