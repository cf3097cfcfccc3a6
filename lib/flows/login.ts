import "server-only";
import { config } from "../server/config";
import { loginLinkEmail } from "../email/templates";
import { enqueueEmail, transactionWithMail } from "../email/outbox";
import type { Prisma, SessionKind, User } from "../generated/prisma/client";
import { budgetFor, claimAttempt, type EmailedProof } from "../auth/emailed-proof";
import { recordLinkRequest, type RequestedLink } from "../auth/link-requests";
import {
  factorName,
  refusedFactorEvents,
  spendSecondFactor,
  spentFactorEvents,
  type SecondFactor,
} from "../auth/mfa/second-factor";
import {
  recordEvents,
  recordingFailures,
  withEvents,
  type SecurityEvent,
} from "../auth/security-events";
import { verifyAgainstDummy, verifyPassword } from "../auth/passwords/hashing";
import { loginMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import { enqueueNotice } from "./notices";
import type { RequestContext } from "../shared/request-context";
import { limitMail, passwordCheckSucceeded } from "../auth/rate-limit";
import { createSession, type NewSession } from "../auth/sessions";
import { alreadyUsed, failures, issueToken, tokenLink } from "../auth/tokens";
import { lockUserForLogin } from "../auth/user-lock";

// Login (SPEC 1.2): email → emailed link (or its code, on another device) → password and
// a TOTP code (or one recovery code) → a new session, and the previous login time shown.

export type LoginProof = EmailedProof;

export interface LoginFactors extends SecondFactor {
  password: string;
}

export interface LoginResult {
  user: Pick<User, "id" | "email" | "name">;
  previousLoginAt: Date | null;
  session: NewSession;
}

/**
 * Step 1. The request only records the address (lib/auth/link-requests.ts), so it answers the
 * same, in the same time, for every address.
 */
export function requestLogin(email: string, ctx: RequestContext): Promise<string> {
  return recordingFailures(ctx, async () => {
    await limitMail(email, ctx.ip);
    await recordLinkRequest("LOGIN", email, ctx);
    return loginMessages.requested(email, config().tokens.linkTtlSeconds);
  });
}

/**
 * Step 1, in the worker: an ACTIVE account is mailed a link and code; anyone else nothing.
 * (The worker records the request's security event as it claims it: lib/auth/link-requests.ts.)
 */
export async function sendLoginLink(
  tx: Prisma.TransactionClient,
  { email }: RequestedLink,
): Promise<void> {
  const user = await tx.user.findUnique({ where: { email } });
  if (user?.status !== "ACTIVE") return;
  const { token, code, expiresAt } = await issueToken(tx, user.id, "LOGIN");
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
    expiresAt,
  );
}

/**
 * Steps 3–4. An attempt is reserved on the address's failure budget and on the link (or
 * code) before anything is checked (lib/auth/emailed-proof.ts); then the password, then the
 * second factor. Every wrong factor gets the same answer.
 */
export function completeLogin(
  proof: LoginProof,
  factors: LoginFactors,
  kind: SessionKind,
  ctx: RequestContext,
): Promise<LoginResult> {
  return recordingFailures(ctx, () => logIn(proof, factors, kind, ctx));
}

/** Every wrong factor gets this one answer; the security trail records which it was. */
const wrongFactors = (...events: SecurityEvent[]) =>
  withEvents(new AppError("invalid_credentials", loginMessages.wrongFactors), ...events);

async function logIn(
  proof: LoginProof,
  factors: LoginFactors,
  kind: SessionKind,
  ctx: RequestContext,
): Promise<LoginResult> {
  const proven = await claimAttempt(proof, "LOGIN", ctx.ip);
  if (!proven) {
    // No such account, or no usable code for it: the same answer after the same work.
    await verifyAgainstDummy(factors.password);
    const email = "email" in proof ? proof.email : undefined;
    throw wrongFactors({ type: "LOGIN_FAILED", email, detail: "code" });
  }
  const { row, user, proofOk } = proven;

  const passwordOk = await verifyPassword(factors.password, user.passwordHash);
  if (!proofOk || !passwordOk) {
    const failed = [!proofOk && "code", !passwordOk && "password"].filter(Boolean).join(" and ");
    throw wrongFactors({ type: "LOGIN_FAILED", userId: user.id, detail: failed });
  }

  const now = new Date();
  const { session, previousLoginAt } = await transactionWithMail(async (tx) => {
    // The login is recorded on the account as it is locked; a failure below undoes it.
    const locked = await lockUserForLogin(tx, user.id, row, now);
    if (!locked) throw failures.accountGone();
    if (!locked.consumed) throw alreadyUsed(row);
    // The second factor is spent in the transaction that consumes the request: only once
    // everything else is right, and never by a racer that lost the request, whose TOTP
    // code or recovery code therefore stays good. A wrong one undoes the consumption.
    if (!(await spendSecondFactor(tx, locked, factors))) {
      throw wrongFactors(
        { type: "LOGIN_FAILED", userId: user.id, detail: factorName(factors) },
        ...(await refusedFactorEvents(locked, factors)),
      );
    }
    await recordEvents(tx, ctx, [
      { type: "LOGIN_SUCCEEDED", userId: user.id },
      ...spentFactorEvents(user.id, factors),
    ]);
    const created = await createSession(tx, user.id, kind, ctx);
    await enqueueNotice(tx, user.email, "signed-in", ctx, now);
    return { session: created, previousLoginAt: locked.previousLoginAt };
  });
  await passwordCheckSucceeded(budgetFor(proof, "LOGIN"), user.email, ctx.ip);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    previousLoginAt,
    session,
  };
}
