import "server-only";
import { keyedHash, randomToken } from "../crypto/primitives";
import { db } from "../server/db";
import type { Prisma, SessionKind } from "../generated/prisma/client";
import { secretKeys } from "../crypto/keys";
import type { RequestContext } from "../shared/request-context";
import { describeUserAgent } from "../shared/user-agent";

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

/** The live session behind a token, with its user; null when unknown, revoked or expired. */
export async function findSession(token: string | undefined | null) {
  if (!token || token.length > 256) return null;
  const session = await db().session.findUnique({
    where: { sessionToken: hashSessionToken(token) },
    include: { user: true },
  });
  if (!session || session.expires <= new Date()) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().session.updateMany({
      where: { id: session.id },
      data: { lastSeenAt: new Date() },
    });
  }
  return session;
}

export type LiveSession = NonNullable<Awaited<ReturnType<typeof findSession>>>;

// Session ids are cuids; anything else (from a URL or a form) names no session.
const SESSION_ID = /^[a-z0-9]{1,64}$/i;

export async function revokeSession(userId: string, sessionId: string): Promise<boolean> {
  if (!SESSION_ID.test(sessionId)) return false;
  const { count } = await db().session.deleteMany({ where: { id: sessionId, userId } });
  return count === 1;
}

export async function revokeOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  const { count } = await db().session.deleteMany({
    where: { userId, id: { not: keepSessionId } },
  });
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
