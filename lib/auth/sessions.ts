import "server-only";
import { keyedHash, randomToken } from "../crypto/primitives";
import { db } from "../server/db";
import { Prisma, type SessionKind } from "../generated/prisma/client";
import { secretKeys } from "../crypto/keys";
import type { RequestContext } from "../shared/request-context";
import { describeUserAgent } from "../shared/user-agent";
import { recordEvents } from "./security-events";

// Every session, browser or API, is a row here. The browser's Auth.js cookie and the API's
// bearer token both carry a random token whose HMAC is the row's key; every request looks
// the row up, so deleting it signs that session out everywhere, at once. The HMAC's key is
// derived from AUTH_SECRET: rotating the secret ends every session, API ones included.

type Tx = Prisma.TransactionClient;

export const SESSION_TTL_SECONDS = 7 * 24 * 3600;
const TOUCH_INTERVAL_MS = 60_000;

const hashSessionToken = (token: string) => keyedHash(secretKeys().sessions, token);

export interface NewSession {
  id: string;
  token: string;
  expiresAt: Date;
}

export async function createSession(
  tx: Tx,
  userId: string,
  kind: SessionKind,
  ctx: RequestContext,
): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
  const session = await tx.session.create({
    data: {
      userId,
      kind,
      sessionToken: hashSessionToken(token),
      expires: expiresAt,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    },
  });
  return { id: session.id, token, expiresAt };
}

/** What a request made with a session may know of its user: nothing secret. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  previousLoginAt: Date | null;
}

export interface LiveSession {
  id: string;
  userId: string;
  kind: SessionKind;
  user: SessionUser;
}

interface SessionRow extends SessionUser {
  sessionId: string;
  kind: SessionKind;
  lastSeenAt: Date;
}

/**
 * The live session behind a token, with its user; null when unknown, revoked or expired.
 * Every authenticated request runs this, so it is one query on the token's unique index,
 * and nothing about it is cached: a deleted row is a signed-out session from the next
 * request on.
 */
export async function findSession(token: string | undefined | null): Promise<LiveSession | null> {
  if (!token || token.length > 256) return null;
  return liveSession(Prisma.sql`s."sessionToken" = ${hashSessionToken(token)}`);
}

/** The same, by the session's id, for a request whose token was checked a moment ago. */
export function findSessionById(id: string): Promise<LiveSession | null> {
  return liveSession(Prisma.sql`s.id = ${id}`);
}

async function liveSession(match: Prisma.Sql): Promise<LiveSession | null> {
  const now = new Date();
  const [row] = await db().$queryRaw<SessionRow[]>`
    SELECT s.id AS "sessionId", s.kind::text AS kind, s."lastSeenAt",
           u.id, u.email, u.name, u."createdAt", u."lastLoginAt", u."previousLoginAt"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE ${match} AND s.expires > ${now}`;
  if (!row) return null;
  const { sessionId, kind, lastSeenAt, ...user } = row;
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().session.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return { id: sessionId, userId: user.id, kind, user };
}

// Session ids are cuids; anything else (from a URL or a form) names no session.
const SESSION_ID = /^[a-z0-9]{1,64}$/i;

/** Ends one of the user's sessions (logging out ends the caller's own: `reason`). */
export async function revokeSession(
  userId: string,
  sessionId: string,
  ctx: RequestContext,
  reason = "signed out from the account page",
): Promise<boolean> {
  if (!SESSION_ID.test(sessionId)) return false;
  const { count } = await db().session.deleteMany({ where: { id: sessionId, userId } });
  if (count === 1)
    await recordEvents(db(), ctx, [{ type: "SESSION_REVOKED", userId, detail: reason }]);
  return count === 1;
}

export async function revokeOtherSessions(
  userId: string,
  keepSessionId: string,
  ctx: RequestContext,
): Promise<number> {
  const { count } = await db().session.deleteMany({
    where: { userId, id: { not: keepSessionId } },
  });
  if (count > 0) {
    const detail = `${count} other session${count === 1 ? "" : "s"}`;
    await recordEvents(db(), ctx, [{ type: "SESSION_REVOKED", userId, detail }]);
  }
  return count;
}

export interface SessionSummary {
  id: string;
  kind: SessionKind;
  /** Browser and system, from the User-Agent, e.g. "Firefox on Linux". */
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** The session the request asking is made with. */
  current: boolean;
}

/** The account's live sessions, most recently used first, as its owner reviews them. */
export async function listSessions(
  userId: string,
  currentSessionId: string,
): Promise<SessionSummary[]> {
  const sessions = await db().session.findMany({
    where: { userId, expires: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, kind: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
  return sessions.map(({ userAgent, ...s }) => ({
    ...s,
    device:
      s.kind === "API"
        ? `API client (${describeUserAgent(userAgent)})`
        : describeUserAgent(userAgent),
    current: s.id === currentSessionId,
  }));
}
