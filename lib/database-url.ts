import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { PoolConfig } from "pg";

// Where the app's PostgreSQL is: DATABASE_URL when set, otherwise the embedded PGlite
// served on a Unix socket. The socket path is derived from the data directory, so every
// process using the same .data/ (a second `npm run dev`, a script) finds the same server.

export function embeddedSocketDir(dataDir: string): string {
  const id = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `triplock-pg-${id}`);
}

export const EMBEDDED_PORT = 5432;

// A database that stops answering must fail requests (503), not hang them.
const timeouts = { connectionTimeoutMillis: 3_000, query_timeout: 5_000 };

export function poolConfig(databaseUrl: string | undefined, dataDir: string): PoolConfig {
  if (databaseUrl) return { connectionString: databaseUrl, max: 10, ...timeouts };
  // PGlite runs one session at a time: one connection, so a transaction is never shared.
  return {
    host: embeddedSocketDir(dataDir),
    port: EMBEDDED_PORT,
    user: "postgres",
    database: "postgres",
    max: 1,
    ...timeouts,
  };
}
