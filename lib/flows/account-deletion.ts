import "server-only";
import { config } from "../server/config";
import { db } from "../server/db";
import { accountDeletedEmail, deletionLinkEmail } from "../email/templates";
import { enqueueEmail, transactionWithMail } from "../email/outbox";
import { verifyAgainstDummy, verifyPassword } from "../auth/passwords/hashing";
import { deletionMessages, linkProblems } from "../shared/messages";
import { AppError } from "../shared/problems";
import type { RequestContext } from "../shared/request-context";
import { limitMail, passwordCheckSucceeded, reservePasswordCheck } from "../auth/rate-limit";
import { consume, findByLink, issueToken, tokenLink } from "../auth/tokens";
import { lockUser } from "../auth/user-lock";
import { recordEvents, recordingFailures } from "../auth/security-events";

// Account deletion (SPEC 1.3): email + password → emailed link → the account and everything
// that belongs to it is deleted in one transaction, every session with it.

/**
 * Step 1. A wrong password, an unknown address and a sign-up not yet activated all get the
 * same answer after the same work (a bcrypt comparison either way). Failures are counted
 * in a budget of their own: guessing here cannot lock the owner's login.
 */
export function requestAccountDeletion(
  email: string,
  password: string,
  ctx: RequestContext,
): Promise<string> {
  return recordingFailures(ctx, () => askForDeletion(email, password, ctx));
}

async function askForDeletion(email: string, password: string, ctx: RequestContext) {
  await reservePasswordCheck("deletion", email, ctx.ip);
  const found = await db().user.findUnique({ where: { email } });
  const user = found?.status === "ACTIVE" ? found : null;
  const ok = user
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!user || !ok) throw new AppError("invalid_credentials", deletionMessages.wrongCredentials);
  await passwordCheckSucceeded("deletion", email, ctx.ip);
  await limitMail(email, ctx.ip);
  await transactionWithMail(async (tx) => {
    const { token, expiresAt } = await issueToken(tx, user.id, "DELETE_ACCOUNT");
    await enqueueEmail(
      tx,
      user.email,
      deletionLinkEmail({
        url: tokenLink("DELETE_ACCOUNT", token),
        linkTtlSeconds: config().tokens.linkTtlSeconds,
      }),
      expiresAt,
    );
  });
  return deletionMessages.requested(email, config().tokens.linkTtlSeconds);
}

/**
 * Step 3. Deleting the user cascades to tokens, codes and sessions; the record of mail sent
 * to the address goes too (the notice queued here is forgotten once it is sent:
 * lib/email/outbox.ts). Its security events stay, unlinked from any account, until the
 * retention period ends (SECURITY.md): "account deleted" among them.
 */
export function confirmAccountDeletion(token: string, ctx: RequestContext): Promise<void> {
  return recordingFailures(ctx, () => deleteAccount(token, ctx));
}

async function deleteAccount(token: string, ctx: RequestContext): Promise<void> {
  const row = await findByLink(token, "DELETE_ACCOUNT");
  await transactionWithMail(async (tx) => {
    if (!(await lockUser(tx, row.userId))) {
      throw new AppError("token_used", linkProblems.alreadyDeleted);
    }
    await consume(tx, row);
    await recordEvents(tx, ctx, [{ type: "ACCOUNT_DELETED", userId: row.userId }]);
    const user = await tx.user.delete({ where: { id: row.userId } });
    await tx.emailMessage.deleteMany({ where: { to: user.email } });
    await enqueueEmail(tx, user.email, accountDeletedEmail(config().appUrl));
  });
}
