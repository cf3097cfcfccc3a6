import "server-only";
import { db } from "../server/db";
import type { Prisma, TokenPurpose } from "../generated/prisma/client";
import { wakeWorker } from "../server/worker";

// A request for an emailed link (log in, reset a password) is answered by the worker, not by
// the request: the request only records the address, the same single INSERT whether or not
// it has an account, so neither the answer nor its timing can tell the two apart. The
// worker then mails a link only where there is an account to mail it to.

/** For each purpose, what mails its link (or decides that no one is to get one). */
export type LinkIssuers = Partial<
  Record<TokenPurpose, (tx: Prisma.TransactionClient, email: string) => Promise<void>>
>;

export async function recordLinkRequest(purpose: TokenPurpose, email: string): Promise<void> {
  await db().linkRequest.create({ data: { purpose, email } });
  wakeWorker();
}

/**
 * Answers recorded requests, oldest first. Each batch is claimed with SKIP LOCKED and
 * deleted in the transaction that issues its links, so several instances share the work
 * and a request is answered exactly once.
 */
export async function answerLinkRequests(issuers: LinkIssuers): Promise<number> {
  let answered = 0;
  for (;;) {
    const batch = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ purpose: TokenPurpose; email: string; createdAt: Date }[]>`
        DELETE FROM "LinkRequest" WHERE id IN (
          SELECT id FROM "LinkRequest" ORDER BY "createdAt" LIMIT 20 FOR UPDATE SKIP LOCKED)
        RETURNING purpose, email, "createdAt"`;
      // In the order they were made: a newer link replaces an older one.
      rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      for (const row of rows) {
        const issue = issuers[row.purpose];
        if (!issue) throw new Error(`No link is issued on request for ${row.purpose}`);
        await issue(tx, row.email);
      }
      return rows.length;
    });
    if (batch === 0) return answered;
    answered += batch;
  }
}
