import "server-only";
import type { Prisma } from "./generated/prisma/client";

/**
 * Locks the user's row until the transaction ends; false when the user no longer exists.
 * Every transaction that consumes a user's token and changes or deletes the user takes
 * this lock first, so concurrent ones (a login and a deletion, say) queue instead of
 * deadlocking on each other's rows.
 */
export async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
  return rows.length === 1;
}
