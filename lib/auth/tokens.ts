import "server-only";
import { config } from "../server/config";
import { keyedHash, randomDigits, randomToken, sha256 } from "../crypto/primitives";
import { db } from "../server/db";
import {
  Prisma,
  type OneTimeToken,
  type TokenPurpose,
  type User,
} from "../generated/prisma/client";
import { secretKeys } from "../crypto/keys";
import { linkProblems } from "../shared/messages";
import { AppError } from "../shared/problems";
import { LINK_PAGES } from "../shared/routes";
import type { SecurityEventType } from "../generated/prisma/client";
import { withEvents } from "./security-events";

// One-time verification requests: an emailed link (256-bit token) and, for some purposes,
// a short numeric code that stands in for the link. Both are stored hashed, bound to one
// purpose, expire, die after too many failed attempts, and are consumed atomically.

type Tx = Prisma.TransactionClient;
export type Via = "link" | "code";

export interface IssuedToken {
  token: string;
  code: string;
  /** When the last of the two stops working: how long a mail carrying them is worth sending. */
  expiresAt: Date;
}

export function tokenLink(purpose: TokenPurpose, token: string): string {
  return `${config().appUrl}${LINK_PAGES[purpose]}?token=${encodeURIComponent(token)}`;
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
  const expiresAt = new Date(now + tokens.linkTtlSeconds * 1000);
  const codeExpiresAt = new Date(now + tokens.codeTtlSeconds * 1000);
  await tx.oneTimeToken.create({
    data: {
      userId,
      purpose,
      tokenHash: sha256(token),
      codeHash: hashCode(code),
      expiresAt,
      codeExpiresAt,
    },
  });
  return { token, code, expiresAt: expiresAt > codeExpiresAt ? expiresAt : codeExpiresAt };
}

export async function revokeTokens(tx: Tx, userId: string, purpose?: TokenPurpose): Promise<void> {
  await tx.oneTimeToken.updateMany({
    where: { userId, ...(purpose ? { purpose } : {}), consumedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** The 410 for each way a request can be dead (worded in lib/shared/messages.ts). */
export const failures = {
  used: () => new AppError("token_used", linkProblems.used),
  expired: () => new AppError("token_expired", linkProblems.expired),
  codeExpired: () => new AppError("code_expired", linkProblems.codeExpired),
  invalid: () => new AppError("token_invalid", linkProblems.invalid),
  exhausted: () => new AppError("token_invalid", linkProblems.exhausted),
  accountGone: () => new AppError("token_invalid", linkProblems.accountGone),
};

const attemptsVia = (row: OneTimeToken, via: Via) =>
  via === "link" ? row.attempts : row.codeAttempts;

/** How the security trail names a request: "login link", "sign-up code". */
const PURPOSE_WORDS: Record<TokenPurpose, string> = {
  SIGNUP: "sign-up",
  LOGIN: "login",
  DELETE_ACCOUNT: "account deletion",
  PASSWORD_RESET: "password reset",
};

function deadReason(row: OneTimeToken, via: Via, now: Date): [AppError, SecurityEventType?] | null {
  if (row.consumedAt) return [failures.used(), "LINK_REUSED"];
  // Revoked: replaced by a newer request, which is not a misuse worth recording.
  if (row.revokedAt) return [failures.invalid()];
  if (attemptsVia(row, via) >= config().tokens.maxAttempts)
    return [failures.exhausted(), "LINK_EXHAUSTED"];
  if (row.expiresAt <= now) return [failures.expired(), "LINK_EXPIRED"];
  if (via === "code" && (!row.codeExpiresAt || row.codeExpiresAt <= now))
    return [failures.codeExpired(), "LINK_EXPIRED"];
  return null;
}

/**
 * Why a request can no longer be used through `via`, or null when it is still live. The
 * answer records the misuse (an expired, used or exhausted link) for the request's owner.
 */
export function whyDead(row: OneTimeToken, via: Via, now = new Date()): AppError | null {
  const dead = deadReason(row, via, now);
  if (!dead) return null;
  const [error, type] = dead;
  return type
    ? withEvents(error, {
        type,
        userId: row.userId,
        detail: `${PURPOSE_WORDS[row.purpose]} ${via}`,
      })
    : error;
}

/** The row, if it is a live request for `purpose`; else the 410 that explains why not. */
function live<Row extends OneTimeToken>(row: Row | null, purpose: TokenPurpose): Row {
  // A link for another purpose is as unknown here as a link that never existed.
  if (!row || row.purpose !== purpose) throw failures.invalid();
  const dead = whyDead(row, "link");
  if (dead) throw dead;
  return row;
}

/** The live request behind a link token, or the 410 that explains why there is none. */
export async function findByLink(token: string, purpose: TokenPurpose): Promise<OneTimeToken> {
  const row = await db().oneTimeToken.findUnique({ where: { tokenHash: sha256(token) } });
  return live(row, purpose);
}

/** The live request behind a link token and its user, in one query. */
export async function findByLinkWithUser(
  token: string,
  purpose: TokenPurpose,
): Promise<{ row: OneTimeToken; user: User }> {
  const found = await db().oneTimeToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: true },
  });
  const { user, ...row } = live(found, purpose);
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

/** The user's most recent request of `purpose`, live or not: what a typed code is for. */
export async function findLatestRequest(
  userId: string,
  purpose: TokenPurpose,
): Promise<OneTimeToken | null> {
  return db().oneTimeToken.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Spends one attempt of the link's or the code's budget before any factor is checked, in
 * one conditional UPDATE: a burst of concurrent guesses can never exceed the budget.
 */
export async function reserveAttempt(row: OneTimeToken, via: Via): Promise<void> {
  const { maxAttempts } = config().tokens;
  const reserved =
    via === "link"
      ? await db().$executeRaw`
          UPDATE "OneTimeToken" SET attempts = attempts + 1
          WHERE id = ${row.id} AND "consumedAt" IS NULL AND "revokedAt" IS NULL
            AND attempts < ${maxAttempts} AND "expiresAt" > now()`
      : await db().$executeRaw`
          UPDATE "OneTimeToken" SET "codeAttempts" = "codeAttempts" + 1
          WHERE id = ${row.id} AND "consumedAt" IS NULL AND "revokedAt" IS NULL
            AND "codeAttempts" < ${maxAttempts} AND "expiresAt" > now() AND "codeExpiresAt" > now()`;
  if (reserved === 1) return;
  const fresh = await db().oneTimeToken.findUnique({ where: { id: row.id } });
  throw (fresh && whyDead(fresh, via)) ?? failures.invalid();
}

/** Constant-time comparison by hashing: the code itself is never stored. */
export function codeMatches(row: OneTimeToken, code: string): boolean {
  return row.codeHash !== null && row.codeHash === hashCode(code.trim());
}

export function attemptsLeft(row: OneTimeToken, via: Via): number {
  // `row` was read before this attempt was reserved.
  return Math.max(0, config().tokens.maxAttempts - attemptsVia(row, via) - 1);
}

/**
 * The statement that marks `row` used if it is still live: it updates one row, or none. It
 * ends with its WHERE clause, so a statement built on it may add conditions and RETURNING.
 */
export const consumeStatement = (row: OneTimeToken) => Prisma.sql`
    UPDATE "OneTimeToken" SET "consumedAt" = now()
    WHERE id = ${row.id} AND "consumedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()`;

/** The answer to a caller whose `consumeStatement` updated nothing: someone else used it. */
export const alreadyUsed = (row: OneTimeToken) =>
  withEvents(failures.used(), {
    type: "LINK_REUSED",
    userId: row.userId,
    detail: PURPOSE_WORDS[row.purpose],
  });

/**
 * Marks the request used, inside the transaction that performs its effect. Exactly one of
 * any number of concurrent callers succeeds; the rest get 410 "already used".
 */
export async function consume(tx: Tx, row: OneTimeToken): Promise<void> {
  if ((await tx.$executeRaw(consumeStatement(row))) !== 1) throw alreadyUsed(row);
}
