import "server-only";
import {
  confirmReplacementKey,
  newTotpEnrolment,
  stageReplacementKey,
  type TotpEnrolment,
} from "../auth/mfa/authenticator";
import {
  refusedFactorEvents,
  spendSecondFactor,
  spentFactorEvents,
  type SecondFactor,
} from "../auth/mfa/second-factor";
import { recordEvents, recordingFailures, withEvents } from "../auth/security-events";
import { verifyPassword } from "../auth/passwords/hashing";
import { passwordCheckSucceeded, reservePasswordCheck } from "../auth/rate-limit";
import { failures } from "../auth/tokens";
import { lockUser } from "../auth/user-lock";
import { transactionWithMail } from "../email/outbox";
import { db, transaction } from "../server/db";
import { accountMessages, authenticatorMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import type { RequestContext } from "../shared/request-context";
import { enqueueNotice } from "./notices";

// Replace the authenticator (SPEC 1.4), signed in: the password and the current second
// factor (a recovery code when the old phone is lost) issue a new key. The old key keeps
// working until a code from the new one confirms it, so a key that never reached the app
// locks nobody out; then only the new key works, and a notice is mailed.

/** How long a new key waits for its confirming code. */
const REPLACEMENT_LIFETIME_MS = 15 * 60 * 1000;

async function accountOf(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw failures.accountGone();
  return user;
}

export function startAuthenticatorReplacement(
  userId: string,
  check: SecondFactor & { password: string },
  ctx: RequestContext,
): Promise<TotpEnrolment> {
  return recordingFailures(ctx, () => stageNewKey(userId, check, ctx));
}

async function stageNewKey(
  userId: string,
  check: SecondFactor & { password: string },
  ctx: RequestContext,
): Promise<TotpEnrolment> {
  const user = await accountOf(userId);
  const wrong = () => new AppError("invalid_credentials", accountMessages.wrongPasswordOrCode);
  await reservePasswordCheck("reauthentication", user.email, ctx.ip);
  if (!(await verifyPassword(check.password, user.passwordHash))) throw wrong();
  const enrolment = await newTotpEnrolment(user.email);
  await transaction(async (tx) => {
    const locked = await lockUser(tx, userId);
    if (!locked) throw failures.accountGone();
    if (!(await spendSecondFactor(tx, locked, check)))
      throw withEvents(wrong(), ...(await refusedFactorEvents(locked, check)));
    await recordEvents(tx, ctx, spentFactorEvents(userId, check));
    await stageReplacementKey(
      tx,
      userId,
      enrolment.secret,
      new Date(Date.now() + REPLACEMENT_LIFETIME_MS),
    );
  });
  await passwordCheckSucceeded("reauthentication", user.email, ctx.ip);
  return enrolment;
}

/** A code from the new key makes it the only key. Guesses count as failed checks. */
export function confirmAuthenticatorReplacement(
  userId: string,
  code: string,
  ctx: RequestContext,
): Promise<string> {
  return recordingFailures(ctx, () => confirmNewKey(userId, code, ctx));
}

async function confirmNewKey(userId: string, code: string, ctx: RequestContext): Promise<string> {
  const user = await accountOf(userId);
  if (!user.pendingTotpExpiresAt || user.pendingTotpExpiresAt <= new Date()) {
    throw new AppError("nothing_to_confirm", authenticatorMessages.nothingToConfirm);
  }
  await reservePasswordCheck("reauthentication", user.email, ctx.ip);
  await transactionWithMail(async (tx) => {
    if (!(await lockUser(tx, userId))) throw failures.accountGone();
    if (!(await confirmReplacementKey(tx, userId, code))) {
      throw new AppError("invalid_credentials", authenticatorMessages.wrongNewCode);
    }
    await recordEvents(tx, ctx, [{ type: "AUTHENTICATOR_REPLACED", userId }]);
    await enqueueNotice(tx, user.email, "authenticator-replaced", ctx);
  });
  await passwordCheckSucceeded("reauthentication", user.email, ctx.ip);
  return authenticatorMessages.replaced;
}
