import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { EMBEDDED_PORT, embeddedSocketDir } from "./database-url";

// An embedded PostgreSQL (PGlite, WebAssembly) so `npm run dev` needs no database server.
// It is served over a Unix socket so the app talks to it with the same driver as to a
// real PostgreSQL.

async function alreadyServed(host: string): Promise<boolean> {
  const client = new pg.Client({
    host,
    port: EMBEDDED_PORT,
    user: "postgres",
    database: "postgres",
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedPostgres(dataDir: string): Promise<void> {
  const socketDir = embeddedSocketDir(dataDir);
  const socketPath = path.join(socketDir, `.s.PGSQL.${EMBEDDED_PORT}`);
  if (existsSync(socketPath)) {
    if (await alreadyServed(socketDir)) return;
    rmSync(socketPath, { force: true });
  }
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  mkdirSync(dataDir, { recursive: true });

  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create(path.join(dataDir, "pglite"));
  const server = new PGLiteSocketServer({ db, path: socketPath });
  await server.start();
  console.log(`[triplock] embedded PostgreSQL (PGlite) in ${path.join(dataDir, "pglite")}`);

  const stop = async () => {
    await server.stop();
    await db.close();
  };
  process.once("SIGINT", () => void stop().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void stop().finally(() => process.exit(143)));
}
