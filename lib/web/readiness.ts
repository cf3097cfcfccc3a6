import "server-only";
import path from "node:path";
import { outboxBacklog } from "../email/outbox";
import { db } from "../server/db";
import { readMigrations } from "../server/migrate";

// Readiness, for a load balancer or an orchestrator deciding whether to send this instance
// traffic: the database answers and has every migration this build ships. The outbox's lag
// is reported but does not make the instance unready: a slow mail provider is not cured by
// taking instances out of rotation (alert on it instead: README, Operators' guide).
// /api/health stays the cheap liveness check.

/** Older than this, the oldest queued email counts as lagging. */
export const OUTBOX_LAG_SECONDS = 5 * 60;

export interface Readiness {
  status: "ready" | "not_ready";
  database: "up" | "down";
  migrations: { status: "applied" | "pending" | "unknown"; pending: string[] };
  outbox: { status: "ok" | "lagging" | "unknown"; queued: number; oldestSeconds: number };
}

let shipped: string[] | undefined;

function shippedMigrations(): string[] {
  shipped ??= readMigrations(path.join(process.cwd(), "prisma", "migrations")).map((m) => m.name);
  return shipped;
}

export async function readiness(): Promise<Readiness> {
  try {
    const rows = await db().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = shippedMigrations().filter((name) => !applied.has(name));
    const { queued, oldestSeconds } = await outboxBacklog();
    return {
      status: pending.length ? "not_ready" : "ready",
      database: "up",
      migrations: { status: pending.length ? "pending" : "applied", pending },
      outbox: {
        status: oldestSeconds > OUTBOX_LAG_SECONDS ? "lagging" : "ok",
        queued,
        oldestSeconds: Math.round(oldestSeconds),
      },
    };
  } catch {
    return {
      status: "not_ready",
      database: "down",
      migrations: { status: "unknown", pending: [] },
      outbox: { status: "unknown", queued: 0, oldestSeconds: 0 },
    };
  }
}
