import "server-only";
import { config } from "./config";
import { prisma } from "./db";
import { accountDeletedEmail, deletionLinkEmail } from "./email/messages";
import { enqueueEmail, transactionWithMail } from "./email/outbox";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { AppError } from "./problems";
import { limitMail, releaseLoginAttempt, reserveLoginAttempt } from "./rate-limit";
import { consume, findByLink, issueToken, tokenLink } from "./tokens";
import { lockUser } from "./user-lock";

// Account deletion (SPEC 1.3): email + password → emailed link → the account and everything
// that belongs to it is deleted in one transaction, every session with it.

export interface DeletionContext {
  ip: string;
}

export const deletionRequestedMessage = (email: string) =>
  `Check your inbox: a link to delete the account of ${email} is on its way. It expires in ${Math.round(config().tokens.linkTtlSeconds / 60)} minutes.`;

export const ACCOUNT_DELETED_MESSAGE =
  "Your account has been deleted, with everything in it, and every session has been signed out.";

const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Step 1. A wrong password and an unknown address get the same answer after the same
 * work (a bcrypt comparison either way), and both count as failed password attempts.
 */
export async function requestAccountDeletion(
  email: string,
  password: string,
  ctx: DeletionContext,
): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email } });
  await reserveLoginAttempt(user?.id ?? email, ctx.ip);
  const ok = user
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!user || !ok) throw new AppError("invalid_credentials", WRONG_CREDENTIALS);
  await releaseLoginAttempt(user.id, ctx.ip);
  await limitMail(email, ctx.ip);
  await transactionWithMail(async (tx) => {
    const { token } = await issueToken(tx, user.id, "DELETE_ACCOUNT");
    await enqueueEmail(
      tx,
      user.email,
      deletionLinkEmail({
        url: tokenLink("DELETE_ACCOUNT", token),
        linkTtlSeconds: config().tokens.linkTtlSeconds,
      }),
    );
  });
}

/** Step 3. Deleting the user cascades to tokens, codes, sessions and login history. */
export async function confirmAccountDeletion(token: string): Promise<void> {
  const row = await findByLink(token, "DELETE_ACCOUNT");
  await transactionWithMail(async (tx) => {
    if (!(await lockUser(tx, row.userId))) {
      throw new AppError("token_used", "This account has already been deleted.");
    }
    await consume(tx, row);
    const user = await tx.user.delete({ where: { id: row.userId } });
    await enqueueEmail(tx, user.email, accountDeletedEmail(config().appUrl));
  });
}
