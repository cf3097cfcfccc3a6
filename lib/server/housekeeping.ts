import "server-only";
import { config } from "./config";
import { db } from "./db";

// Rows that outlive their use: rate-limit windows that have ended, one-time views of
// secrets that were never looked at, and security events past their retention period
// (SECURITY_EVENT_RETENTION_DAYS). Deleted by the worker of every instance, at most once
// a minute: the worker runs after every request that queues work, and nothing here is
// urgent (an ended window is restarted by the next count anyway).

const EVERY_MS = 60_000;
let lastRun = 0;

export async function purgeExpired(): Promise<void> {
  if (Date.now() - lastRun < EVERY_MS) return;
  lastRun = Date.now();
  const now = new Date();
  await db().rateLimit.deleteMany({ where: { resetAt: { lt: now } } });
  await db().oneTimeView.deleteMany({ where: { expiresAt: { lt: now } } });
  await purgeOldEvents(now);
}

/** Deletes the security events older than the retention period; returns how many went. */
export async function purgeOldEvents(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - config().eventRetentionDays * 24 * 3600 * 1000);
  const { count } = await db().securityEvent.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}
