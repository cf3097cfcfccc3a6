import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { config } from "./config";
import { poolConfig } from "./database-url";
import { PrismaClient, type Prisma } from "../generated/prisma/client";

// One client per process, created on first use rather than at import: the build imports
// this module too, and start-up may only learn the address of the embedded database after
// that. Kept on globalThis so dev-mode reloads do not open new pools.
// The pool is ours, not the adapter's, so that its use can be measured (lib/server/metrics.ts).
const globalForPrisma = globalThis as unknown as {
  triplockPrisma?: PrismaClient;
  triplockPool?: pg.Pool;
};

export function db(): PrismaClient {
  if (globalForPrisma.triplockPrisma) return globalForPrisma.triplockPrisma;
  const { databaseUrl } = config();
  if (!databaseUrl)
    throw new Error("DATABASE_URL is not set; start-up sets it (lib/server/local-setup.ts).");
  globalForPrisma.triplockPool = new pg.Pool(poolConfig(databaseUrl));
  globalForPrisma.triplockPrisma = new PrismaClient({
    adapter: new PrismaPg(globalForPrisma.triplockPool, { disposeExternalPool: true }),
  });
  return globalForPrisma.triplockPrisma;
}

// What each open transaction asked to run once it has committed (`onCommit`).
const afterCommit = new WeakMap<object, (() => void)[]>();

/** Runs `work` in one transaction, then what it asked to run once committed (`onCommit`). */
export async function transaction<T>(
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  const committed: (() => void)[] = [];
  const result = await db().$transaction((tx) => {
    afterCommit.set(tx, committed);
    return work(tx);
  });
  for (const then of committed) then();
  return result;
}

/**
 * Runs `then` once `tx` has committed, and never if it rolls back; at once when `tx` is no
 * transaction opened by `transaction` (the client itself, whose statements are committed).
 */
export function onCommit(tx: Prisma.TransactionClient, then: () => void): void {
  const queue = afterCommit.get(tx);
  if (queue) queue.push(then);
  else then();
}

/** Connections of the pool: open in all, idle, and requests waiting for one. */
export function poolUse(): { total: number; idle: number; waiting: number } {
  const pool = globalForPrisma.triplockPool;
  return {
    total: pool?.totalCount ?? 0,
    idle: pool?.idleCount ?? 0,
    waiting: pool?.waitingCount ?? 0,
  };
}

// Lost or refused connections, timeouts and transactions cut short by them: the request
// failed for want of a database, not because of a bug (503, not 500).
const DATABASE_DOWN =
  /ECONNREFUSED|ENOENT|ETIMEDOUT|ECONNRESET|EPIPE|57P0[0-3]|0800[0-6]|Can't reach database|connection (terminated|refused|ended|closed)|closed the connection|timeout|DatabaseNotReachable|ConnectionClosed|SocketTimeout|TransactionAlreadyClosed|Transaction (already closed|not found)|P100[1-28]|P1017|P2024|P2028/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: unknown; cause?: unknown };
  const text = [e?.code, e?.message, JSON.stringify(e?.meta ?? null), String(e?.cause ?? "")].join(
    " ",
  );
  return DATABASE_DOWN.test(text);
}
