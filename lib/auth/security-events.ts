import "server-only";
import { randomUUID } from "node:crypto";
import { emailForLog } from "../crypto/email-for-log";
import type { Prisma, SecurityEventType } from "../generated/prisma/client";
import { db, onCommit } from "../server/db";
import { log } from "../server/log";
import { metrics } from "../server/metrics";
import { securityEventSummaries } from "../shared/messages";
import type { SecurityEventKind } from "../shared/schemas";
import { describeUserAgent } from "../shared/user-agent";

// The security trail (OWASP ASVS V16): what happened to an account, from where, and how it
// ended, stored for its owner and the operator, and written to the log. Never a secret:
// an event names a factor ("password"), never what was typed. Events are written by the
// statement or transaction that makes the change wherever there is one, so recording them
// costs no round trip of its own; a refusal records its events once its transaction has
// rolled back (`recordingFailures`).

/** lib/shared's list and the database's enum are the same list (a type error otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameTypes: Same<SecurityEventType, SecurityEventKind> = true;
void sameTypes;

export interface SecurityEvent {
  type: SecurityEventType;
  userId?: string | null;
  /** When only an address is known: the event goes to its account, if it has one. */
  email?: string;
  /** A word or two (which factor failed, which limit refused); never a value typed. */
  detail?: string;
}

/** Where the event came from: the request's client, or none (the worker). */
export interface EventSource {
  ip: string | null;
  userAgent?: string | null;
}

const FAILURES = new Set<SecurityEventType>([
  "LOGIN_FAILED",
  "ACCOUNT_LOCKED",
  "LINK_EXPIRED",
  "LINK_REUSED",
  "LINK_EXHAUSTED",
  "TOTP_REPLAY_REFUSED",
  "RATE_LIMITED",
]);

const outcomeOf = (type: SecurityEventType) => (FAILURES.has(type) ? "FAILURE" : "SUCCESS");

const LOGIN_OUTCOMES: Partial<Record<SecurityEventType, string>> = {
  LOGIN_SUCCEEDED: "success",
  LOGIN_FAILED: "failure",
  ACCOUNT_LOCKED: "locked",
};

/**
 * Stores the events in one statement (in `tx` when a transaction makes the change they
 * record), and logs and counts them once that is committed: a change rolled back is never
 * logged as made. An event given by address goes to the account that has it, or to no
 * account: the same statement either way.
 */
export async function recordEvents(
  tx: Prisma.TransactionClient,
  source: EventSource,
  events: SecurityEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const column = <T>(pick: (e: SecurityEvent) => T) => events.map(pick);
  await tx.$executeRaw`
    INSERT INTO "SecurityEvent" (id, type, outcome, detail, "userId", ip, "userAgent")
    SELECT e.id, e.type::"SecurityEventType", e.outcome::"SecurityEventOutcome", e.detail,
           COALESCE(e.user_id, u.id), ${source.ip}, ${source.userAgent ?? null}
    FROM unnest(${column(() => randomUUID())}::text[], ${column((e) => e.type)}::text[],
                ${column((e) => outcomeOf(e.type))}::text[], ${column((e) => e.detail ?? null)}::text[],
                ${column((e) => e.userId ?? null)}::text[], ${column((e) => e.email ?? null)}::text[])
      AS e(id, type, outcome, detail, user_id, email)
    LEFT JOIN "User" u ON e.user_id IS NULL AND u.email = e.email`;
  onCommit(tx, () => announceEvents(source, events));
}

/** Logs and counts events stored by a statement of their own (or by `recordEvents`). */
export function announceEvents(source: EventSource, events: SecurityEvent[]): void {
  const m = metrics();
  for (const event of events) {
    log().info(
      {
        event: event.type,
        outcome: outcomeOf(event.type).toLowerCase(),
        userId: event.userId ?? undefined,
        email: event.email === undefined ? undefined : emailForLog(event.email),
        detail: event.detail,
        ip: source.ip,
      },
      "security event",
    );
    m?.securityEvents.inc({ type: event.type });
    const login = LOGIN_OUTCOMES[event.type];
    if (login) m?.logins.inc({ outcome: login });
    if (event.type === "RATE_LIMITED" || event.type === "ACCOUNT_LOCKED")
      m?.rateLimitHits.inc({ limit: event.detail ?? "unknown" });
  }
}

// The events a refusal should record, until the flow that refused records them.
const pending = new WeakMap<object, SecurityEvent[]>();

/** Marks `error` as recording `events` when the flow it leaves records its failures. */
export function withEvents<E extends object>(error: E, ...events: SecurityEvent[]): E {
  pending.set(error, [...(pending.get(error) ?? []), ...events]);
  return error;
}

/**
 * Runs a flow; when it fails with an error marked by `withEvents`, records those events
 * (after any transaction of the flow has rolled back, so they are not rolled back with it)
 * and rethrows. A failure to record is logged and does not hide the flow's own error.
 */
export async function recordingFailures<T>(
  source: EventSource,
  flow: () => Promise<T>,
): Promise<T> {
  try {
    return await flow();
  } catch (error) {
    const events = typeof error === "object" && error !== null ? pending.get(error) : undefined;
    if (events) {
      pending.delete(error as object);
      await recordEvents(db(), source, events).catch((failure: unknown) =>
        log().error({ err: failure }, "could not record security events"),
      );
    }
    throw error;
  }
}

export interface ActivityEntry {
  id: string;
  type: SecurityEventType;
  summary: string;
  outcome: "SUCCESS" | "FAILURE";
  detail: string | null;
  device: string;
  ip: string | null;
  createdAt: Date;
}

/** The account's events, newest first, as its owner reviews them. */
export async function listEvents(userId: string, take = 50): Promise<ActivityEntry[]> {
  const rows = await db().securityEvent.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      type: true,
      outcome: true,
      detail: true,
      ip: true,
      userAgent: true,
      createdAt: true,
    },
  });
  return rows.map(({ userAgent, ...row }) => ({
    ...row,
    summary: securityEventSummaries[row.type],
    device: describeUserAgent(userAgent),
  }));
}
