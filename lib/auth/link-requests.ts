import "server-only";
import { db } from "../server/db";
import type { Prisma, TokenPurpose } from "../generated/prisma/client";
import { wakeWorker } from "../server/worker";
import type { RequestContext } from "../shared/request-context";
import { announceEvents } from "./security-events";

// A request for an emailed link (log in, reset a password) is answered by the worker, not by
// the request: the request only records the address, the same single INSERT whether or not
// it has an account, so neither the answer nor its timing can tell the two apart. The
// worker then mails a link only where there is an account to mail it to.

/** A recorded request, as the worker answers it. */
export interface RequestedLink {
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/** For each purpose, what mails its link (or decides that no one is to get one). */
export type LinkIssuers = Partial<
  Record<TokenPurpose, (tx: Prisma.TransactionClient, request: RequestedLink) => Promise<void>>
>;

export async function recordLinkRequest(
  purpose: TokenPurpose,
  email: string,
  ctx: RequestContext,
): Promise<void> {
  await db().linkRequest.create({
    data: { purpose, email, ip: ctx.ip, userAgent: ctx.userAgent ?? null },
  });
  wakeWorker();
}

interface ClaimedRequest extends RequestedLink {
  purpose: TokenPurpose;
  createdAt: Date;
  /** The active account a login link was asked for, whose security event this recorded. */
  recordedFor: string | null;
}

/**
 * Answers recorded requests, oldest first. Each batch is claimed with SKIP LOCKED and
 * deleted in the transaction that issues its links, so several instances share the work
 * and a request is answered exactly once. The statement that claims a batch also records
 * "login link requested" for each active account in it: no round trip of its own.
 */
export async function answerLinkRequests(issuers: LinkIssuers): Promise<number> {
  let answered = 0;
  for (;;) {
    const batch = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<ClaimedRequest[]>`
        WITH claimed AS (
          DELETE FROM "LinkRequest" WHERE id IN (
            SELECT id FROM "LinkRequest" ORDER BY "createdAt" LIMIT 20 FOR UPDATE SKIP LOCKED)
          RETURNING purpose, email, ip, "userAgent", "createdAt"
        ), owners AS (
          SELECT c.*, u.id AS "recordedFor" FROM claimed c
          LEFT JOIN "User" u ON c.purpose = 'LOGIN' AND u.email = c.email AND u.status = 'ACTIVE'
        ), recorded AS (
          INSERT INTO "SecurityEvent" (id, type, outcome, "userId", ip, "userAgent", "createdAt")
          SELECT gen_random_uuid()::text, 'LOGIN_LINK_REQUESTED', 'SUCCESS', "recordedFor", ip,
                 "userAgent", "createdAt"
          FROM owners WHERE "recordedFor" IS NOT NULL
        )
        SELECT purpose, email, ip, "userAgent", "createdAt", "recordedFor" FROM owners`;
      // In the order they were made: a newer link replaces an older one.
      rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      for (const row of rows) {
        const issue = issuers[row.purpose];
        if (!issue) throw new Error(`No link is issued on request for ${row.purpose}`);
        await issue(tx, row);
      }
      return rows;
    });
    for (const row of batch.filter((r) => r.recordedFor)) {
      announceEvents(row, [{ type: "LOGIN_LINK_REQUESTED", userId: row.recordedFor }]);
    }
    if (batch.length === 0) return answered;
    answered += batch.length;
  }
}
