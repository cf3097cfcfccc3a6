import "server-only";
import { config } from "./config";
import { prisma } from "./db";
import { signupExistingAccountEmail, signupLinkEmail } from "./email/messages";
import { enqueueEmail, transactionWithMail } from "./email/outbox";
import type { Prisma, User } from "./generated/prisma/client";
import { lockUser } from "./user-lock";
import { newTotpEnrolment, replaceRecoveryCodes, sealTotpSecret, type TotpEnrolment } from "./mfa";
import { hashPassword, isCommonPassword, verifyAgainstDummy, verifyPassword } from "./passwords";
import { AppError } from "./problems";
import { limitMail } from "./rate-limit";
import type { SignupRequest } from "./schemas";
import {
  attemptsLeft,
  codeMatches,
  consume,
  findByLinkWithUser,
  findLatestForCode,
  issueToken,
  reserveAttempt,
  tokenLink,
} from "./tokens";

// Account creation (SPEC 1.1): email + password → emailed link and code → password again
// → ACTIVE, with a TOTP key and recovery codes issued.

export interface RequestContext {
  ip: string;
}

export interface Activation {
  user: Pick<User, "id" | "email" | "name" | "createdAt">;
  totp: TotpEnrolment;
  recoveryCodes: string[];
}

export const signupRequestedMessage = (email: string) =>
  `Check your inbox: if ${email} can be used, a confirmation link is on its way. It expires in ${Math.round(config().tokens.linkTtlSeconds / 60)} minutes.`;

export function assertPasswordNotCommon(password: string): void {
  if (isCommonPassword(password)) {
    const detail =
      "This password is on the list of the most common passwords; choose one that is harder to guess.";
    throw new AppError("weak_password", detail, { fieldErrors: { password: [detail] } });
  }
}

/**
 * Starts a sign-up. Answers the same whether or not the address has an account: the owner
 * of an ACTIVE account is mailed a notice instead of a link, and a PENDING sign-up is
 * replaced (new password, earlier links dead), so nobody can squat an address.
 */
export async function requestSignup(input: SignupRequest, ctx: RequestContext): Promise<void> {
  assertPasswordNotCommon(input.password);
  await limitMail(input.email, ctx.ip);
  const passwordHash = await hashPassword(input.password);

  await transactionWithMail(async (tx) => {
    await lockAddress(tx, input.email);
    const existing = await tx.user.findUnique({ where: { email: input.email } });
    if (existing?.status === "ACTIVE") {
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
    await sendSignupLink(tx, user.id, user.email);
  });
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
  const { token, code } = await issueToken(tx, userId, "SIGNUP");
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
  );
}

/** Issues a fresh link and code for a PENDING sign-up; silent for any other address. */
export async function resendSignup(email: string, ctx: RequestContext): Promise<void> {
  await limitMail(email, ctx.ip);
  await transactionWithMail(async (tx) => {
    await lockAddress(tx, email);
    const user = await tx.user.findUnique({ where: { email } });
    if (user?.status === "PENDING") await sendSignupLink(tx, user.id, user.email);
  });
}

async function activate(
  userId: string,
  tokenRow: Parameters<typeof consume>[1],
): Promise<Activation> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError("token_invalid", "This sign-up no longer exists.");
  const totp = await newTotpEnrolment(user.email);
  const recoveryCodes = await prisma.$transaction(async (tx) => {
    await lockAddress(tx, user.email);
    if (!(await lockUser(tx, userId)))
      throw new AppError("token_invalid", "This sign-up no longer exists.");
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
    if (count !== 1) throw new AppError("token_used", "This account is already active.");
    return replaceRecoveryCodes(tx, userId);
  });
  return {
    user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt },
    totp,
    recoveryCodes,
  };
}

/** Step 3 through the emailed link: the password again, then the account is ACTIVE. */
export async function confirmSignup(token: string, password: string): Promise<Activation> {
  const { row, user } = await findByLinkWithUser(token, "SIGNUP");
  await reserveAttempt(row, "link");
  if (!(await verifyPassword(password, user.passwordHash))) {
    const left = attemptsLeft(row);
    const detail =
      left > 0
        ? `That is not the password you chose at sign-up. ${left} attempt${left === 1 ? "" : "s"} left.`
        : "That is not the password you chose at sign-up. This link no longer works; ask for a new one.";
    throw new AppError("wrong_password", detail, { fieldErrors: { password: [detail] } });
  }
  return activate(user.id, row);
}

/** The API alternative to the link: HTTP Basic credentials plus the emailed code. */
export async function activateWithCode(
  email: string,
  password: string,
  code: string,
): Promise<Activation> {
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || user.status !== "PENDING") {
    await verifyAgainstDummy(password);
    throw new AppError(
      "invalid_credentials",
      "Wrong email or password, or no account is waiting for activation.",
    );
  }
  const row = await findLatestForCode(user.id, "SIGNUP");
  await reserveAttempt(row, "code");
  const [passwordOk, codeOk] = [
    await verifyPassword(password, user.passwordHash),
    codeMatches(row, code),
  ];
  if (!passwordOk) {
    throw new AppError(
      "invalid_credentials",
      "Wrong email or password, or no account is waiting for activation.",
    );
  }
  if (!codeOk) {
    const left = attemptsLeft(row);
    throw new AppError(
      "invalid_code",
      `That code is not right. ${left} attempt${left === 1 ? "" : "s"} left.`,
    );
  }
  return activate(user.id, row);
}
