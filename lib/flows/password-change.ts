import "server-only";
import {
  refusedFactorEvents,
  spendSecondFactor,
  spentFactorEvents,
  type SecondFactor,
} from "../auth/mfa/second-factor";
import { recordEvents, recordingFailures, withEvents } from "../auth/security-events";
import { assertNotCommon } from "../auth/passwords/common-passwords";
import { hashPassword, verifyPassword } from "../auth/passwords/hashing";
import { passwordCheckSucceeded, reservePasswordCheck } from "../auth/rate-limit";
import { failures } from "../auth/tokens";
import { lockUser } from "../auth/user-lock";
import { transactionWithMail } from "../email/outbox";
import { db } from "../server/db";
import { accountMessages, passwordMessages } from "../shared/messages";
import { AppError } from "../shared/problems";
import type { RequestContext } from "../shared/request-context";
import { enqueueNotice } from "./notices";

// Change password (SPEC 1.4), signed in: the current password, a second factor and the new
// password. It takes the factors it does not change, ends the account's other sessions (a
// thief's among them), and mails a notice.

export interface PasswordChange extends SecondFactor {
  currentPassword: string;
  newPassword: string;
}

export function changePassword(
  userId: string,
  currentSessionId: string,
  change: PasswordChange,
  ctx: RequestContext,
): Promise<string> {
  return recordingFailures(ctx, () => applyPasswordChange(userId, currentSessionId, change, ctx));
}

async function applyPasswordChange(
  userId: string,
  currentSessionId: string,
  change: PasswordChange,
  ctx: RequestContext,
): Promise<string> {
  assertNotCommon(change.newPassword, "newPassword");
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw failures.accountGone();
  const wrong = () => new AppError("invalid_credentials", accountMessages.wrongPasswordOrCode);
  await reservePasswordCheck("reauthentication", user.email, ctx.ip);
  if (!(await verifyPassword(change.currentPassword, user.passwordHash))) throw wrong();
  const passwordHash = await hashPassword(change.newPassword);

  await transactionWithMail(async (tx) => {
    const locked = await lockUser(tx, userId);
    if (!locked) throw failures.accountGone();
    if (!(await spendSecondFactor(tx, locked, change)))
      throw withEvents(wrong(), ...(await refusedFactorEvents(locked, change)));
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId, id: { not: currentSessionId } } });
    await recordEvents(tx, ctx, [
      { type: "PASSWORD_CHANGED", userId },
      ...spentFactorEvents(userId, change),
    ]);
    await enqueueNotice(tx, user.email, "password-changed", ctx);
  });
  await passwordCheckSucceeded("reauthentication", user.email, ctx.ip);
  return passwordMessages.changed;
}
