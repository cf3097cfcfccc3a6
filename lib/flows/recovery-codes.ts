import "server-only";
import { spendTotp } from "../auth/mfa/authenticator";
import { refusedFactorEvents } from "../auth/mfa/second-factor";
import { recordEvents, recordingFailures, withEvents } from "../auth/security-events";
import { replaceRecoveryCodes } from "../auth/mfa/recovery-codes";
import { verifyPassword } from "../auth/passwords/hashing";
import { passwordCheckSucceeded, reservePasswordCheck } from "../auth/rate-limit";
import { failures } from "../auth/tokens";
import { lockUser } from "../auth/user-lock";
import { transactionWithMail } from "../email/outbox";
import { db } from "../server/db";
import { accountMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import type { RequestContext } from "../shared/request-context";
import { enqueueNotice } from "./notices";

/**
 * New recovery codes (the old ones die), after the password and a fresh TOTP code; a notice
 * is mailed. Attempts are counted as for login (in a budget of their own), so a stolen
 * session cannot guess the password or the authenticator without limit.
 */
export function regenerateRecoveryCodes(
  userId: string,
  password: string,
  totp: string,
  ctx: RequestContext,
): Promise<string[]> {
  return recordingFailures(ctx, () => regenerate(userId, password, totp, ctx));
}

async function regenerate(
  userId: string,
  password: string,
  totp: string,
  ctx: RequestContext,
): Promise<string[]> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw failures.accountGone();
  const wrong = () => new AppError("invalid_credentials", accountMessages.wrongPasswordOrCode);
  await reservePasswordCheck("reauthentication", user.email, ctx.ip);
  if (!(await verifyPassword(password, user.passwordHash))) throw wrong();
  const codes = await transactionWithMail(async (tx) => {
    const locked = await lockUser(tx, userId);
    if (!locked) throw failures.accountGone();
    if (!(await spendTotp(tx, locked, totp)))
      throw withEvents(wrong(), ...(await refusedFactorEvents(locked, { totp })));
    await recordEvents(tx, ctx, [{ type: "RECOVERY_CODES_REGENERATED", userId }]);
    await enqueueNotice(tx, user.email, "recovery-codes-replaced", ctx);
    return replaceRecoveryCodes(tx, userId);
  });
  await passwordCheckSucceeded("reauthentication", user.email, ctx.ip);
  return codes;
}
