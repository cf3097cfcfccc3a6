import "server-only";
import type { PoolConfig } from "pg";

// A database that stops answering must fail requests (503), not hang them.
export function poolConfig(databaseUrl: string): PoolConfig {
  return {
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 3_000,
    query_timeout: 5_000,
  };
}
