import "server-only";
import type { Prisma } from "../generated/prisma/client";

/** The user as the lock finds it: what the transaction's checks need, read under the lock. */
export interface LockedUser {
  id: string;
  totpSecret: string | null;
  totpLastStep: number | null;
  lastLoginAt: Date | null;
}

/**
 * Locks the user's row until the transaction ends; null when the user no longer exists.
 * Every transaction that consumes a user's token and changes or deletes the user takes
 * this lock first, so concurrent ones (a login and a deletion, say) queue instead of
 * deadlocking on each other's rows. What it reads is current until the transaction ends.
 */
export async function lockUser(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<LockedUser | null> {
  const rows = await tx.$queryRaw<LockedUser[]>`
    SELECT id, "totpSecret", "totpLastStep", "lastLoginAt" FROM "User"
    WHERE id = ${userId} FOR UPDATE`;
  return rows[0] ?? null;
}
