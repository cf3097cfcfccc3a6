import "server-only";
import { budgetFor, claimAttempt, type EmailedProof } from "../auth/emailed-proof";
import { recordLinkRequest, type RequestedLink } from "../auth/link-requests";
import {
  refusedFactorEvents,
  spendSecondFactor,
  spentFactorEvents,
  type SecondFactor,
} from "../auth/mfa/second-factor";
import { recordEvents, recordingFailures, withEvents } from "../auth/security-events";
import { assertNotCommon } from "../auth/passwords/common-passwords";
import { hashPassword } from "../auth/passwords/hashing";
import { limitMail, passwordCheckSucceeded } from "../auth/rate-limit";
import { consume, failures, issueToken, tokenLink } from "../auth/tokens";
import { lockUser } from "../auth/user-lock";
import { enqueueEmail, transactionWithMail } from "../email/outbox";
import { passwordResetLinkEmail } from "../email/templates";
import type { Prisma } from "../generated/prisma/client";
import { config } from "../server/config";
import { passwordMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import type { RequestContext } from "../shared/request-context";
import { enqueueNotice } from "./notices";

// Forgot password (SPEC 1.4): email → emailed link (and code) → a TOTP or recovery code
// and a new password. The email stands in for the password; the second factor is still
// required, so a stolen mailbox alone cannot take the account. Success ends every session.

/**
 * Step 1. Like a login request, it only records the address (lib/auth/link-requests.ts):
 * the same answer, in the same time, for every address.
 */
export function requestPasswordReset(email: string, ctx: RequestContext): Promise<string> {
  return recordingFailures(ctx, async () => {
    await limitMail(email, ctx.ip);
    await recordLinkRequest("PASSWORD_RESET", email, ctx);
    return passwordMessages.resetRequested(email, config().tokens.linkTtlSeconds);
  });
}

/** Step 1, in the worker: an ACTIVE account is mailed a link and code; anyone else nothing. */
export async function sendPasswordResetLink(
  tx: Prisma.TransactionClient,
  { email }: RequestedLink,
): Promise<void> {
  const user = await tx.user.findUnique({ where: { email } });
  if (user?.status !== "ACTIVE") return;
  const { token, code, expiresAt } = await issueToken(tx, user.id, "PASSWORD_RESET");
  const { tokens } = config();
  await enqueueEmail(
    tx,
    user.email,
    passwordResetLinkEmail({
      url: tokenLink("PASSWORD_RESET", token),
      code,
      linkTtlSeconds: tokens.linkTtlSeconds,
      codeTtlSeconds: tokens.codeTtlSeconds,
    }),
    expiresAt,
  );
}

/**
 * Step 2: the link (or the code with the address), a second factor, and the new password,
 * which follows the sign-up policy. The attempt is counted before anything is checked
 * (lib/auth/emailed-proof.ts); the request is consumed, the second factor spent and the
 * password replaced in one transaction, which also ends every session of the account.
 */
export function resetPassword(
  proof: EmailedProof,
  factor: SecondFactor,
  newPassword: string,
  ctx: RequestContext,
): Promise<string> {
  return recordingFailures(ctx, () => reset(proof, factor, newPassword, ctx));
}

async function reset(
  proof: EmailedProof,
  factor: SecondFactor,
  newPassword: string,
  ctx: RequestContext,
): Promise<string> {
  assertNotCommon(newPassword, "newPassword");
  const wrong = () => new AppError("invalid_credentials", passwordMessages.wrongResetFactors);
  const proven = await claimAttempt(proof, "PASSWORD_RESET", ctx.ip);
  if (!proven?.proofOk) throw wrong();
  const { row, user } = proven;
  const passwordHash = await hashPassword(newPassword);

  await transactionWithMail(async (tx) => {
    const locked = await lockUser(tx, user.id);
    if (!locked) throw failures.accountGone();
    await consume(tx, row);
    if (!(await spendSecondFactor(tx, locked, factor)))
      throw withEvents(wrong(), ...(await refusedFactorEvents(locked, factor)));
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordEvents(tx, ctx, [
      { type: "PASSWORD_RESET", userId: user.id },
      ...spentFactorEvents(user.id, factor),
    ]);
    await enqueueNotice(tx, user.email, "password-reset", ctx);
  });
  await passwordCheckSucceeded(budgetFor(proof, "PASSWORD_RESET"), user.email, ctx.ip);
  return passwordMessages.reset;
}
