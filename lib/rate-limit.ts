import "server-only";
import { config } from "./config";
import { sha256 } from "./crypto";
import { prisma } from "./db";
import { AppError } from "./problems";

// Fixed-window counters in PostgreSQL, so every app instance enforces the same limits.
// One statement increments (or restarts an expired window) atomically.

export interface Limit {
  /** What is counted, e.g. "mail:address". */
  name: string;
  max: number;
  windowSeconds: number;
}

export interface Count {
  count: number;
  retryAfterSeconds: number;
}

// The subject (an address, an IP) is hashed: the table holds no personal data in clear.
const keyOf = (limit: Limit, subject: string) => `${limit.name}:${sha256(subject)}`;

function retryAfter(resetAt: Date): number {
  return Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
}

/** Counts one event; returns the count in the current window (the new one included). */
export async function hit(limit: Limit, subject: string): Promise<Count> {
  const [row] = await prisma.$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimit" (key, count, "resetAt")
    VALUES (${keyOf(limit, subject)}, 1, now() + make_interval(secs => ${limit.windowSeconds}))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit".count + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING count, "resetAt"`;
  return { count: row!.count, retryAfterSeconds: retryAfter(row!.resetAt) };
}

/** The current count without adding to it. */
export async function peek(limit: Limit, subject: string): Promise<Count> {
  const row = await prisma.rateLimit.findUnique({ where: { key: keyOf(limit, subject) } });
  if (!row || row.resetAt <= new Date()) return { count: 0, retryAfterSeconds: 0 };
  return { count: row.count, retryAfterSeconds: retryAfter(row.resetAt) };
}

/** Returns one counted event (never below zero). */
export async function giveBack(limit: Limit, subject: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "RateLimit" SET count = GREATEST(count - 1, 0) WHERE key = ${keyOf(limit, subject)}`;
}

export async function reset(limit: Limit, subject: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: keyOf(limit, subject) } });
}

/** Counts one event and refuses it (429) once the window holds more than `max`. */
export async function consume(limit: Limit, subject: string, detail: string): Promise<void> {
  const { count, retryAfterSeconds } = await hit(limit, subject);
  if (count > limit.max) throw new AppError("rate_limited", detail, { retryAfterSeconds });
}

const HOUR = 3600;

/** Caps the mail one address and one client can cause (floods, mail bombing). */
export async function limitMail(email: string, ip: string): Promise<void> {
  const { limits } = config();
  const detail = "Too many emails have been requested. Wait a while before asking again.";
  await consume({ name: "mail:ip", max: limits.mailPerIpPerHour, windowSeconds: HOUR }, ip, detail);
  await consume(
    { name: "mail:address", max: limits.mailPerAddressPerHour, windowSeconds: HOUR },
    email,
    detail,
  );
}

// Failed password/TOTP attempts. Past the limit the account (or the client) is locked for
// the rest of the window: 429 with Retry-After, before any factor is checked.
function loginLimits() {
  const { limits } = config();
  return {
    account: {
      name: "login-fail:account",
      max: limits.loginFailuresPerAccount,
      windowSeconds: limits.loginLockSeconds,
    },
    ip: {
      name: "login-fail:ip",
      max: limits.loginFailuresPerIp,
      windowSeconds: limits.loginLockSeconds,
    },
  };
}

/**
 * Counts a password/TOTP attempt before any factor is checked, so a burst of concurrent
 * guesses cannot slip past the limit; a successful attempt is given back afterwards
 * (`releaseLoginAttempt`), so only failures add up. Past the limit: 429 until the window
 * ends. `account` is the user's id, or the address typed when there is no such user: the
 * same queries run either way, so timing does not tell the two apart.
 */
export async function reserveLoginAttempt(account: string, ip: string): Promise<void> {
  const limits = loginLimits();
  const byAccount = await hit(limits.account, account);
  const byIp = await hit(limits.ip, ip);
  const blocked = [
    { count: byAccount, max: limits.account.max },
    { count: byIp, max: limits.ip.max },
  ].filter((c) => c.count.count > c.max);
  if (blocked.length) {
    // A refused attempt checked nothing, so it does not prolong the lock.
    await giveBack(limits.account, account);
    await giveBack(limits.ip, ip);
    throw new AppError(
      "rate_limited",
      "Too many failed attempts. For your security, logging in is paused for a while; try again later.",
      { retryAfterSeconds: Math.max(...blocked.map((c) => c.count.retryAfterSeconds)) },
    );
  }
}

/** An attempt that checked no factor after all (its link was dead) is returned. */
export async function returnLoginAttempt(account: string, ip: string): Promise<void> {
  const limits = loginLimits();
  await giveBack(limits.account, account);
  await giveBack(limits.ip, ip);
}

/** After a success: the account's failures are forgiven, the client's attempt returned. */
export async function releaseLoginAttempt(userId: string, ip: string): Promise<void> {
  const limits = loginLimits();
  await reset(limits.account, userId);
  await giveBack(limits.ip, ip);
}
