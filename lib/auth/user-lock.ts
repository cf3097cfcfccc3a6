import "server-only";
import type { OneTimeToken, Prisma } from "../generated/prisma/client";
import { consumeStatement } from "./tokens";

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

export type LockedForLogin = LockedUser & { previousLoginAt: Date | null; consumed: boolean };

/**
 * `lockUser` and `consume` for a login, in one statement: the same lock, taken by the
 * statement that records this login as the account's latest (a login that then fails rolls
 * it back with its transaction), then the login request consumed, only once the user row
 * is locked (the uncorrelated EXISTS runs first), so the lock order is the other flows'.
 * `previousLoginAt` is the login before this one, the time the login shows; `consumed` is
 * false when another caller used the request first.
 */
export async function lockUserForLogin(
  tx: Prisma.TransactionClient,
  userId: string,
  request: OneTimeToken,
  at: Date,
): Promise<LockedForLogin | null> {
  const rows = await tx.$queryRaw<LockedForLogin[]>`
    WITH locked AS (
      UPDATE "User" SET "previousLoginAt" = "lastLoginAt", "lastLoginAt" = ${at}, "updatedAt" = ${at}
      WHERE id = ${userId}
      RETURNING id, "totpSecret", "totpLastStep", "previousLoginAt"),
    consumed AS (${consumeStatement(request)} AND EXISTS (SELECT 1 FROM locked) RETURNING id)
    SELECT locked.*, EXISTS (SELECT 1 FROM consumed) AS consumed FROM locked`;
  return rows[0] ?? null;
}
