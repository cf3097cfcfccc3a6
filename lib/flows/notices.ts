import "server-only";
import { enqueueEmail } from "../email/outbox";
import { noticeEmail, type Notice } from "../email/templates";
import type { Prisma } from "../generated/prisma/client";
import { config } from "../server/config";
import type { RequestContext } from "../shared/request-context";
import { describeUserAgent } from "../shared/user-agent";

/**
 * Queues the notice of a sign-in or a change to the account, in the transaction that makes
 * it: what changed, when, from which device and address, and what to do if it was not the
 * owner (lib/email/templates.ts).
 */
export async function enqueueNotice(
  tx: Prisma.TransactionClient,
  to: string,
  notice: Notice,
  ctx: RequestContext,
  at = new Date(),
): Promise<void> {
  await enqueueEmail(
    tx,
    to,
    noticeEmail(notice, {
      at,
      ip: ctx.ip,
      device: describeUserAgent(ctx.userAgent),
      appUrl: config().appUrl,
    }),
  );
}
