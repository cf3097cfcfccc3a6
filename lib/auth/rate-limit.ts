import "server-only";
import { isIPv6 } from "node:net";
import { config } from "../server/config";
import { keyedHash } from "../crypto/primitives";
import { db } from "../server/db";
import { secretKeys } from "../crypto/keys";
import { limitMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import { withEvents } from "./security-events";

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

// The subject (an address, a client network) is an HMAC under a key derived from
// AUTH_SECRET: the table holds no address in clear, and a dump cannot be reversed with a
// dictionary of addresses or IPs.
const keyOf = (limit: Limit, subject: string) =>
  `${limit.name}:${keyedHash(secretKeys().rateLimits, subject)}`;

/**
 * What per-client limits count: an IPv4 address, or an IPv6 client's /64 (one subscriber's
 * network is a /64 or larger, so counting single IPv6 addresses would count 2^64 clients).
 */
export function clientNetwork(ip: string): string {
  const address = ip.replace(/%.*$/, "");
  if (!isIPv6(address)) return ip;
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

function retryAfter(resetAt: Date): number {
  return Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
}

/**
 * Counts one event against each limit, in one statement; returns the counts in the current
 * windows (the new event included), in order. Rows are written in key order, so concurrent
 * counts of overlapping keys queue rather than deadlock.
 */
async function hit(...counted: [Limit, string][]): Promise<Count[]> {
  const keys = counted.map(([limit, subject]) => keyOf(limit, subject));
  const windows = counted.map(([limit]) => limit.windowSeconds);
  const rows = await db().$queryRaw<{ key: string; count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimit" (key, count, "resetAt")
    SELECT key, 1, now() + make_interval(secs => seconds)
    FROM unnest(${keys}::text[], ${windows}::int[]) AS counted(key, seconds)
    ORDER BY key
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit".count + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING key, count, "resetAt"`;
  return keys.map((key) => {
    const row = rows.find((r) => r.key === key)!;
    return { count: row.count, retryAfterSeconds: retryAfter(row.resetAt) };
  });
}

/** Returns one counted event to each limit (never below zero). */
async function giveBack(...counted: [Limit, string][]): Promise<void> {
  const keys = counted.map(([limit, subject]) => keyOf(limit, subject));
  // Rows are locked in key order first, as everywhere here: two statements that met the
  // same rows in different (heap) orders would deadlock.
  await db().$executeRaw`
    WITH locked AS (
      SELECT key FROM "RateLimit" WHERE key = ANY(${keys}::text[]) ORDER BY key FOR UPDATE)
    UPDATE "RateLimit" r SET count = GREATEST(r.count - 1, 0) FROM locked WHERE r.key = locked.key`;
}

/** Counts one event and refuses it (429) once the window holds more than `max`. */
async function consume(
  limit: Limit,
  subject: string,
  detail: string,
  email: string,
): Promise<void> {
  const [{ count, retryAfterSeconds }] = (await hit([limit, subject])) as [Count];
  if (count > limit.max)
    throw withEvents(new AppError("rate_limited", detail, { retryAfterSeconds }), {
      type: "RATE_LIMITED",
      email,
      detail: limit.name,
    });
}

const HOUR = 3600;

/** Caps the mail one address and one client can cause (floods, mail bombing). */
export async function limitMail(email: string, ip: string): Promise<void> {
  const { limits } = config();
  await consume(
    { name: "mail:ip", max: limits.mailPerIpPerHour, windowSeconds: HOUR },
    clientNetwork(ip),
    limitMessages.mail,
    email,
  );
  await consume(
    { name: "mail:address", max: limits.mailPerAddressPerHour, windowSeconds: HOUR },
    email,
    limitMessages.mail,
    email,
  );
}

/**
 * For each address, each kind of password check has a failure budget of its own, so
 * failures in one cannot lock another. Anyone who knows an address can try the ways in that
 * need no link: logging in with an emailed code, asking for deletion, activating. Their
 * guesses lock those ways, not the link in the owner's inbox ("login"). A client's failures
 * are counted together, whatever it tried.
 */
export type Budget =
  "login" | "login-code" | "reset" | "reset-code" | "deletion" | "activation" | "reauthentication";

const LOCKED: Record<Budget, string> = {
  login: limitMessages.login,
  "login-code": limitMessages.loginCode,
  reset: limitMessages.reset,
  "reset-code": limitMessages.resetCode,
  deletion: limitMessages.deletion,
  activation: limitMessages.activation,
  reauthentication: limitMessages.reauthentication,
};

function budgetLimits(budget: Budget) {
  const { limits } = config();
  return {
    account: {
      name: `${budget}-fail:account`,
      max: limits.failuresPerAccount,
      windowSeconds: limits.lockSeconds,
    },
    ip: { name: "password-fail:ip", max: limits.failuresPerIp, windowSeconds: limits.lockSeconds },
  };
}

/**
 * Counts a password check before it runs, per address and per client, so a burst of
 * concurrent guesses cannot slip past the limit and no hash is computed once it is reached
 * (429 until the window ends). A check that succeeds is given back afterwards
 * (`passwordCheckSucceeded`), so only failures add up.
 *
 * The account is always its email address, whether or not an account has it: the same
 * counter, the same queries, so neither the answers nor their timing tell the two apart.
 */
export async function reservePasswordCheck(
  budget: Budget,
  email: string,
  ip: string,
): Promise<void> {
  const limits = budgetLimits(budget);
  const counted: [Limit, string][] = [
    [limits.account, email],
    [limits.ip, clientNetwork(ip)],
  ];
  const counts = await hit(...counted);
  const blocked = counts.filter((count, i) => count.count > counted[i]![0].max);
  if (blocked.length) {
    // A refused attempt checked nothing, so it does not prolong the lock.
    await giveBack(...counted);
    const locked = counts[0]!.count > limits.account.max;
    const error = new AppError("rate_limited", LOCKED[budget], {
      retryAfterSeconds: Math.max(...blocked.map((count) => count.retryAfterSeconds)),
    });
    // The account's own budget is spent: it is locked. Else the client's is.
    throw withEvents(error, {
      type: locked ? "ACCOUNT_LOCKED" : "RATE_LIMITED",
      email,
      detail: locked ? budget : "password checks per client",
    });
  }
}

/** A reserved check that checked no factor after all (its link was dead) is returned. */
export async function returnPasswordCheck(budget: Budget, email: string, ip: string) {
  const limits = budgetLimits(budget);
  await giveBack([limits.account, email], [limits.ip, clientNetwork(ip)]);
}

/** After a success: the account's failures are forgiven, the client's check returned. */
export async function passwordCheckSucceeded(budget: Budget, email: string, ip: string) {
  const limits = budgetLimits(budget);
  const account = keyOf(limits.account, email);
  const client = keyOf(limits.ip, clientNetwork(ip));
  // One statement, with both rows locked in key order before either changes: concurrent
  // successes for one address and client (a burst of right answers) queue, never deadlock.
  await db().$executeRaw`
    WITH locked AS (
      SELECT key FROM "RateLimit" WHERE key IN (${account}, ${client}) ORDER BY key FOR UPDATE),
    forgiven AS (
      DELETE FROM "RateLimit" r USING locked WHERE r.key = locked.key AND r.key = ${account})
    UPDATE "RateLimit" r SET count = GREATEST(r.count - 1, 0)
    FROM locked WHERE r.key = locked.key AND r.key = ${client}`;
}
