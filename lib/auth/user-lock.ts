import "server-only";
import type { Prisma } from "../generated/prisma/client";

/** The user as the lock finds it: what the transaction's checks need, read under the lock. */
export interface LockedUser {
  id: string;
  totpSecret: string | null;
  totpLastStep: number | null;
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
    SELECT id, "totpSecret", "totpLastStep" FROM "User"
    WHERE id = ${userId} FOR UPDATE`;
  return rows[0] ?? null;
}

export type LockedForLogin = LockedUser & { previousLoginAt: Date | null };

/**
 * `lockUser` for a login: the same lock, taken by the statement that records this login as
 * the account's latest (a login that then fails rolls it back with its transaction).
 * `previousLoginAt` is the one before it, the time the login shows.
 */
export async function lockUserForLogin(
  tx: Prisma.TransactionClient,
  userId: string,
  at: Date,
): Promise<LockedForLogin | null> {
  const rows = await tx.$queryRaw<LockedForLogin[]>`
    UPDATE "User" SET "previousLoginAt" = "lastLoginAt", "lastLoginAt" = ${at}, "updatedAt" = ${at}
    WHERE id = ${userId}
    RETURNING id, "totpSecret", "totpLastStep", "previousLoginAt"`;
  return rows[0] ?? null;
}
