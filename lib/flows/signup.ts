import "server-only";
import { config } from "../server/config";
import { db, transaction } from "../server/db";
import { signupExistingAccountEmail, signupLinkEmail } from "../email/templates";
import { enqueueEmail, transactionWithMail } from "../email/outbox";
import type { Prisma, User } from "../generated/prisma/client";
import { lockUser } from "../auth/user-lock";
import {
  newTotpEnrolment,
  sealTotpSecret,
  spendTotp,
  type TotpEnrolment,
} from "../auth/mfa/authenticator";
import { replaceRecoveryCodes } from "../auth/mfa/recovery-codes";
import { recordEvents, recordingFailures } from "../auth/security-events";
import { assertNotCommon } from "../auth/passwords/common-passwords";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../auth/passwords/hashing";
import { linkProblems, signupMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import type { RequestContext } from "../shared/request-context";
import { limitMail, passwordCheckSucceeded, reservePasswordCheck } from "../auth/rate-limit";
import type { SignupRequest } from "../shared/schemas";
import {
  attemptsLeft,
  codeMatches,
  consume,
  failures,
  findByLinkWithUser,
  findLatestRequest,
  issueToken,
  reserveAttempt,
  tokenLink,
  whyDead,
} from "../auth/tokens";

// Account creation (SPEC 1.1): email + password → emailed link and code → password again
// → ACTIVE, with a TOTP key and recovery codes issued.

export interface Activation {
  user: Pick<User, "id" | "email" | "name" | "createdAt">;
  totp: TotpEnrolment;
  recoveryCodes: string[];
}

/**
 * Starts a sign-up; returns what to tell the user. Answers the same whether or not the address has an account: the owner
 * of an ACTIVE account is mailed a notice instead of a link, and a PENDING sign-up is
 * replaced (new password, earlier links dead), so nobody can squat an address.
 */
export function requestSignup(input: SignupRequest, ctx: RequestContext): Promise<string> {
  return recordingFailures(ctx, () => startSignup(input, ctx));
}

async function startSignup(input: SignupRequest, ctx: RequestContext): Promise<string> {
  assertNotCommon(input.password);
  await limitMail(input.email, ctx.ip);
  const passwordHash = await hashPassword(input.password);

  await transactionWithMail(async (tx) => {
    await lockAddress(tx, input.email);
    const existing = await tx.user.findUnique({ where: { email: input.email } });
    if (existing?.status === "ACTIVE") {
      await recordEvents(tx, ctx, [
        { type: "SIGNUP_REQUESTED", userId: existing.id, detail: "address already registered" },
      ]);
      await enqueueEmail(tx, input.email, signupExistingAccountEmail(config().appUrl));
      return;
    }
    const user = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { passwordHash, name: input.name ?? null },
        })
      : await tx.user.create({
          data: { email: input.email, name: input.name ?? null, passwordHash },
        });
    await recordEvents(tx, ctx, [{ type: "SIGNUP_REQUESTED", userId: user.id }]);
    await sendSignupLink(tx, user.id, user.email);
  });
  return signupMessages.requested(input.email, config().tokens.linkTtlSeconds);
}

/**
 * Serialises every change to one address's sign-up — a new sign-up, a resend and the
 * activation — including the very first sign-up, when there is no row to lock yet. Taken
 * first in each transaction, it also keeps them from deadlocking on each other's rows.
 */
async function lockAddress(tx: Prisma.TransactionClient, email: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${email}, 0))`;
}

async function sendSignupLink(
  tx: Prisma.TransactionClient,
  userId: string,
  email: string,
): Promise<void> {
  const { token, code, expiresAt } = await issueToken(tx, userId, "SIGNUP");
  const { tokens } = config();
  await enqueueEmail(
    tx,
    email,
    signupLinkEmail({
      url: tokenLink("SIGNUP", token),
      code,
      linkTtlSeconds: tokens.linkTtlSeconds,
      codeTtlSeconds: tokens.codeTtlSeconds,
    }),
    expiresAt,
  );
}

/** Issues a fresh link and code for a PENDING sign-up; silent for any other address. */
export function resendSignup(email: string, ctx: RequestContext): Promise<string> {
  return recordingFailures(ctx, async () => {
    await limitMail(email, ctx.ip);
    await transactionWithMail(async (tx) => {
      await lockAddress(tx, email);
      const user = await tx.user.findUnique({ where: { email } });
      if (user?.status !== "PENDING") return;
      await recordEvents(tx, ctx, [
        { type: "SIGNUP_REQUESTED", userId: user.id, detail: "resent" },
      ]);
      await sendSignupLink(tx, user.id, user.email);
    });
    return signupMessages.resent(email, config().tokens.linkTtlSeconds);
  });
}

async function activate(
  userId: string,
  tokenRow: Parameters<typeof consume>[1],
  ctx: RequestContext,
): Promise<Activation> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw failures.accountGone();
  const totp = await newTotpEnrolment(user.email);
  const recoveryCodes = await transaction(async (tx) => {
    await lockAddress(tx, user.email);
    if (!(await lockUser(tx, userId))) throw failures.accountGone();
    // A sign-up or resend that won the lock has revoked this request; consume then fails.
    await consume(tx, tokenRow);
    const now = new Date();
    const { count } = await tx.user.updateMany({
      where: { id: userId, status: "PENDING" },
      data: {
        status: "ACTIVE",
        activatedAt: now,
        emailVerified: now,
        totpSecret: sealTotpSecret(totp.secret),
        totpLastStep: null,
      },
    });
    if (count !== 1) throw new AppError("token_used", linkProblems.alreadyActive);
    await recordEvents(tx, ctx, [{ type: "SIGNUP_ACTIVATED", userId }]);
    return replaceRecoveryCodes(tx, userId);
  });
  return {
    user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt },
    totp,
    recoveryCodes,
  };
}

/** Step 3 through the emailed link: the password again, then the account is ACTIVE. */
export function confirmSignup(
  token: string,
  password: string,
  ctx: RequestContext,
): Promise<Activation> {
  return recordingFailures(ctx, async () => {
    const { row, user } = await findByLinkWithUser(token, "SIGNUP");
    await reserveAttempt(row, "link");
    if (!(await verifyPassword(password, user.passwordHash))) {
      const detail = signupMessages.wrongPassword(attemptsLeft(row, "link"));
      throw new AppError("wrong_password", detail, { fieldErrors: { password: [detail] } });
    }
    return activate(user.id, row, ctx);
  });
}

/** A failure that says why a request cannot be used; anything else is rethrown. */
const deadOrThrow = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  throw error;
};

/**
 * The API alternative to the link: HTTP Basic credentials plus the emailed code.
 *
 * Whoever knows an address can sign up with it and their own password, so every failure
 * gets one answer: a wrong code like a wrong password, a pending sign-up like an active
 * account or none. Only a caller who has both right learns why a code cannot be used.
 */
export function activateWithCode(
  email: string,
  password: string,
  code: string,
  ctx: RequestContext,
): Promise<Activation> {
  return recordingFailures(ctx, () => activateByCode(email, password, code, ctx));
}

async function activateByCode(
  email: string,
  password: string,
  code: string,
  ctx: RequestContext,
): Promise<Activation> {
  // Counted before the hash: a flood of guesses is refused before it costs a bcrypt.
  await reservePasswordCheck("activation", email, ctx.ip);
  const user = await db().user.findUnique({ where: { email } });
  const pending = user?.status === "PENDING" ? user : null;
  const row = pending && (await findLatestRequest(pending.id, "SIGNUP"));
  let dead = row ? whyDead(row, "code") : null;
  if (row && !dead) dead = await reserveAttempt(row, "code").then(() => null, deadOrThrow);

  const passwordOk = pending
    ? await verifyPassword(password, pending.passwordHash)
    : await verifyAgainstDummy(password);
  if (!pending || !row || !passwordOk || !codeMatches(row, code)) {
    throw new AppError("invalid_credentials", signupMessages.wrongActivation);
  }
  if (dead) throw dead;
  await passwordCheckSucceeded("activation", email, ctx.ip);
  return activate(pending.id, row, ctx);
}

/**
 * The optional check after activation: one code from the new authenticator, which proves
 * the user's app has the key (and spends the code's step, like any other use of it).
 */
export async function checkNewAuthenticator(userId: string, code: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const locked = await lockUser(tx, userId);
    return locked !== null && (await spendTotp(tx, locked, code));
  });
}
