import "server-only";
import { config } from "./config";
import { prisma } from "./db";
import { loginLinkEmail, newSignInEmail } from "./email/messages";
import { enqueueEmail, transactionWithMail } from "./email/outbox";
import type { OneTimeToken, SessionKind, User } from "./generated/prisma/client";
import { spendRecoveryCode, spendTotp } from "./mfa";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { AppError } from "./problems";
import {
  limitMail,
  releaseLoginAttempt,
  reserveLoginAttempt,
  returnLoginAttempt,
} from "./rate-limit";
import { createSession, type NewSession } from "./sessions";
import {
  codeMatches,
  consume,
  findByLinkWithUser,
  findLatestForCode,
  issueToken,
  reserveAttempt,
  tokenLink,
} from "./tokens";
import { describeUserAgent } from "./user-agent";
import { lockUser } from "./user-lock";

// Login (SPEC 1.2): email → emailed link (or its code, on another device) → password and
// a TOTP code (or one recovery code) → a new session, and the previous login time shown.

export interface LoginContext {
  ip: string;
  userAgent?: string;
}

export type LoginProof = { token: string } | { email: string; code: string };

export interface LoginFactors {
  password: string;
  totp?: string;
  recoveryCode?: string;
}

export interface LoginResult {
  user: Pick<User, "id" | "email" | "name">;
  previousLoginAt: Date | null;
  session: NewSession;
}

export const loginRequestedMessage = (email: string) =>
  `Check your inbox: if ${email} has an active account, a login link and code are on their way. They expire in ${Math.round(config().tokens.linkTtlSeconds / 60)} minutes.`;

const accountGone = () => new AppError("token_invalid", "This account no longer exists.");

const WRONG_FACTORS =
  "That did not work: the password or a code is wrong. Check them and try again.";

/** Step 1. Answers the same for every address; only ACTIVE accounts are mailed. */
export async function requestLogin(email: string, ctx: LoginContext): Promise<void> {
  await limitMail(email, ctx.ip);
  await transactionWithMail(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (user?.status !== "ACTIVE") return;
    const { token, code } = await issueToken(tx, user.id, "LOGIN");
    const { tokens } = config();
    await enqueueEmail(
      tx,
      user.email,
      loginLinkEmail({
        url: tokenLink("LOGIN", token),
        code,
        linkTtlSeconds: tokens.linkTtlSeconds,
        codeTtlSeconds: tokens.codeTtlSeconds,
      }),
    );
  });
}

/**
 * Counts this attempt against the account's failure budget (429 when locked), then
 * against the link or code itself. A dead link answers 410; a dead code, typed with an
 * address, answers false (the caller then answers as for an unknown address). Neither
 * dead case counts as a failed password attempt.
 */
async function reserveAttempts(
  pending: PendingLogin,
  proof: LoginProof,
  ip: string,
): Promise<boolean> {
  await reserveLoginAttempt(pending.user.id, ip);
  try {
    await reserveAttempt(pending.row, "token" in proof ? "link" : "code");
    return true;
  } catch (error) {
    await returnLoginAttempt(pending.user.id, ip);
    if ("token" in proof || !(error instanceof AppError)) throw error;
    return false;
  }
}

interface PendingLogin {
  row: OneTimeToken;
  user: User;
  /** False when an emailed code was given and it does not match. */
  proofOk: boolean;
}

async function findPendingLogin(proof: LoginProof): Promise<PendingLogin | null> {
  if ("token" in proof) {
    const { row, user } = await findByLinkWithUser(proof.token, "LOGIN");
    return { row, user, proofOk: true };
  }
  const user = await prisma.user.findUnique({ where: { email: proof.email } });
  if (!user || user.status !== "ACTIVE") return null;
  try {
    const row = await findLatestForCode(user.id, "LOGIN");
    return { row, user, proofOk: codeMatches(row, proof.code) };
  } catch (error) {
    // With a typed address, "no live code" must look like "no such account" (SPEC 4).
    if (error instanceof AppError) return null;
    throw error;
  }
}

/**
 * Steps 3–4. An attempt is reserved on the link (or code) and on the account's failure
 * budget before anything is checked; then the password, then the second factor. Every
 * wrong factor gets the same answer.
 */
export async function completeLogin(
  proof: LoginProof,
  factors: LoginFactors,
  kind: SessionKind,
  ctx: LoginContext,
): Promise<LoginResult> {
  const pending = await findPendingLogin(proof);
  const reserved = pending && (await reserveAttempts(pending, proof, ctx.ip));
  if (!pending || !reserved) {
    // No such account, or (typed with an address) no usable code: the same answer after
    // the same work, so neither reveals whether the address has an account.
    await reserveLoginAttempt("email" in proof ? proof.email : "unknown", ctx.ip);
    await verifyAgainstDummy(factors.password);
    throw new AppError("invalid_credentials", WRONG_FACTORS);
  }
  const { row, user, proofOk } = pending;

  const passwordOk = await verifyPassword(factors.password, user.passwordHash);
  // The second factor is only spent once everything else is right, so a wrong guess
  // cannot burn the user's current TOTP code or a recovery code.
  const secondOk =
    proofOk &&
    passwordOk &&
    (factors.recoveryCode !== undefined
      ? await spendRecoveryCode(user.id, factors.recoveryCode)
      : await spendTotp(user.id, factors.totp ?? ""));
  if (!secondOk) throw new AppError("invalid_credentials", WRONG_FACTORS);

  const now = new Date();
  const session = await transactionWithMail(async (tx) => {
    if (!(await lockUser(tx, user.id))) throw accountGone();
    await consume(tx, row);
    await tx.user.update({
      where: { id: user.id },
      data: { lastLoginAt: now, previousLoginAt: user.lastLoginAt },
    });
    await tx.loginEvent.create({
      data: { userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 300) },
    });
    const created = await createSession(tx, user.id, kind, ctx);
    await enqueueEmail(
      tx,
      user.email,
      newSignInEmail({
        at: now,
        ip: ctx.ip,
        device: describeUserAgent(ctx.userAgent),
        appUrl: config().appUrl,
      }),
    );
    return created;
  });
  await releaseLoginAttempt(user.id, ctx.ip);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    previousLoginAt: user.lastLoginAt,
    session,
  };
}

/** The link's token when given, else the emailed code with its address. */
export function loginProof(input: { token?: string; email?: string; code?: string }): LoginProof {
  if (input.token) return { token: input.token };
  return { email: input.email ?? "", code: input.code ?? "" };
}
