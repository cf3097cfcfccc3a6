import "server-only";
import { randomToken, sha256 } from "./crypto";
import { prisma } from "./db";
import type { Prisma, SessionKind } from "./generated/prisma/client";

// Every session, browser or API, is a row here. The browser's Auth.js cookie and the API's
// bearer token both carry a random token whose SHA-256 is the row's key; every request
// looks the row up, so deleting it signs that session out everywhere, at once.

type Tx = Prisma.TransactionClient;

export const SESSION_TTL_SECONDS = 7 * 24 * 3600;
const TOUCH_INTERVAL_MS = 60_000;

export interface NewSession {
  id: string;
  token: string;
  expiresAt: Date;
}

export interface SessionContext {
  ip?: string;
  userAgent?: string;
}

export async function createSession(
  tx: Tx,
  userId: string,
  kind: SessionKind,
  ctx: SessionContext,
): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
  const session = await tx.session.create({
    data: {
      userId,
      kind,
      sessionToken: sha256(token),
      expires: expiresAt,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 300),
    },
  });
  return { id: session.id, token, expiresAt };
}

/** The live session behind a token, with its user; null when unknown, revoked or expired. */
export async function findSession(token: string | undefined | null) {
  if (!token || token.length > 256) return null;
  const session = await prisma.session.findUnique({
    where: { sessionToken: sha256(token) },
    include: { user: true },
  });
  if (!session || session.expires <= new Date()) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.updateMany({
      where: { id: session.id },
      data: { lastSeenAt: new Date() },
    });
  }
  return session;
}

export type LiveSession = NonNullable<Awaited<ReturnType<typeof findSession>>>;

export async function revokeSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
  return count === 1;
}

export async function revokeOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  const { count } = await prisma.session.deleteMany({
    where: { userId, id: { not: keepSessionId } },
  });
  return count;
}

export async function listSessions(userId: string) {
  return prisma.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, kind: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
}
