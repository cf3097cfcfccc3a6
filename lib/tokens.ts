import "server-only";
import { config } from "./config";
import { keyedHash, randomDigits, randomToken, sha256 } from "./crypto";
import { prisma } from "./db";
import type { OneTimeToken, Prisma, TokenPurpose, User } from "./generated/prisma/client";
import { secretKeys } from "./keys";
import { AppError } from "./problems";

// One-time verification requests: an emailed link (256-bit token) and, for some purposes,
// a short numeric code that stands in for the link. Both are stored hashed, bound to one
// purpose, expire, die after too many failed attempts, and are consumed atomically.

type Tx = Prisma.TransactionClient;
export type Via = "link" | "code";

export interface IssuedToken {
  token: string;
  code: string;
}

export const linkUrl: Record<TokenPurpose, string> = {
  SIGNUP: "/signup/confirm",
  LOGIN: "/login/verify",
  DELETE_ACCOUNT: "/account/delete/confirm",
};

export function tokenLink(purpose: TokenPurpose, token: string): string {
  return `${config().appUrl}${linkUrl[purpose]}?token=${encodeURIComponent(token)}`;
}

const hashCode = (code: string) => keyedHash(secretKeys().codes, code);

/** Issues a new link and code for `purpose`, killing every earlier one of that purpose. */
export async function issueToken(
  tx: Tx,
  userId: string,
  purpose: TokenPurpose,
): Promise<IssuedToken> {
  const { tokens } = config();
  const now = Date.now();
  await revokeTokens(tx, userId, purpose);
  const token = randomToken();
  const code = randomDigits(tokens.codeLength);
  await tx.oneTimeToken.create({
    data: {
      userId,
      purpose,
      tokenHash: sha256(token),
      codeHash: hashCode(code),
      expiresAt: new Date(now + tokens.linkTtlSeconds * 1000),
      codeExpiresAt: new Date(now + tokens.codeTtlSeconds * 1000),
    },
  });
  return { token, code };
}

export async function revokeTokens(tx: Tx, userId: string, purpose?: TokenPurpose): Promise<void> {
  await tx.oneTimeToken.updateMany({
    where: { userId, ...(purpose ? { purpose } : {}), consumedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

const failures = {
  used: () =>
    new AppError(
      "token_used",
      "This link has already been used. Each link works only once; ask for a new one.",
    ),
  expired: () => new AppError("token_expired", "This link has expired. Ask for a new one."),
  codeExpired: () => new AppError("code_expired", "This code has expired. Ask for a new one."),
  invalid: () =>
    new AppError(
      "token_invalid",
      "This link is not valid. It may have been replaced by a newer one; use the latest email or ask for a new one.",
    ),
  exhausted: () =>
    new AppError(
      "token_invalid",
      "Too many failed attempts: this link no longer works. Ask for a new one.",
    ),
};

/** Why a request can no longer be used through `via`, or null when it is still live. */
function whyDead(row: OneTimeToken, via: Via, now = new Date()): AppError | null {
  if (row.consumedAt) return failures.used();
  if (row.revokedAt) return failures.invalid();
  if (row.attempts >= config().tokens.maxAttempts) return failures.exhausted();
  if (row.expiresAt <= now) return failures.expired();
  if (via === "code" && (!row.codeExpiresAt || row.codeExpiresAt <= now))
    return failures.codeExpired();
  return null;
}

/** The live request behind a link token, or the 410 that explains why there is none. */
export async function findByLink(token: string, purpose: TokenPurpose): Promise<OneTimeToken> {
  const row = await prisma.oneTimeToken.findUnique({ where: { tokenHash: sha256(token) } });
  // A link for another purpose is as unknown here as a link that never existed.
  if (!row || row.purpose !== purpose) throw failures.invalid();
  const dead = whyDead(row, "link");
  if (dead) throw dead;
  return row;
}

/** The live request behind a link token and its user (who may have been deleted since). */
export async function findByLinkWithUser(
  token: string,
  purpose: TokenPurpose,
): Promise<{ row: OneTimeToken; user: User }> {
  const row = await findByLink(token, purpose);
  const user = await prisma.user.findUnique({ where: { id: row.userId } });
  if (!user) throw failures.invalid();
  return { row, user };
}

/** Read-only: why a link cannot be used, or null when it can. For pages opened by a GET. */
export async function checkLink(token: string, purpose: TokenPurpose): Promise<string | null> {
  try {
    await findByLink(token, purpose);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

/** The user's most recent request of `purpose`, for code entry. */
export async function findLatestForCode(
  userId: string,
  purpose: TokenPurpose,
): Promise<OneTimeToken> {
  const row = await prisma.oneTimeToken.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: "desc" },
  });
  if (!row) throw failures.invalid();
  const dead = whyDead(row, "code");
  if (dead) throw dead;
  return row;
}

/**
 * Spends one attempt before any factor is checked, in one conditional UPDATE: a burst of
 * concurrent guesses can never exceed the attempt budget.
 */
export async function reserveAttempt(row: OneTimeToken, via: Via): Promise<void> {
  const reserved = await prisma.$executeRaw`
    UPDATE "OneTimeToken" SET attempts = attempts + 1
    WHERE id = ${row.id} AND "consumedAt" IS NULL AND "revokedAt" IS NULL
      AND attempts < ${config().tokens.maxAttempts} AND "expiresAt" > now()
      AND (${via} = 'link' OR "codeExpiresAt" > now())`;
  if (reserved === 1) return;
  const fresh = await prisma.oneTimeToken.findUnique({ where: { id: row.id } });
  throw (fresh && whyDead(fresh, via)) ?? failures.invalid();
}

/** Constant-time comparison by hashing: the code itself is never stored. */
export function codeMatches(row: OneTimeToken, code: string): boolean {
  return row.codeHash !== null && row.codeHash === hashCode(code.trim());
}

export function attemptsLeft(row: OneTimeToken): number {
  // `row` was read before this attempt was reserved.
  return Math.max(0, config().tokens.maxAttempts - row.attempts - 1);
}

/**
 * Marks the request used, inside the transaction that performs its effect. Exactly one of
 * any number of concurrent callers succeeds; the rest get 410 "already used".
 */
export async function consume(tx: Tx, row: OneTimeToken): Promise<void> {
  const consumed = await tx.$executeRaw`
    UPDATE "OneTimeToken" SET "consumedAt" = now()
    WHERE id = ${row.id} AND "consumedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()`;
  if (consumed !== 1) throw failures.used();
}
