import "server-only";
import { secretKeys } from "../../crypto/keys";
import { decrypt, encrypt } from "../../crypto/primitives";
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../../server/db";
import type { LockedUser } from "../user-lock";
import { matchTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp";

// The user's authenticator at rest: the TOTP secret encrypted (AES-256-GCM), and the last
// time step spent, so no code is accepted twice. A replacement key waits beside it, also
// encrypted, until a code from it confirms that the user's app has it.

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

export const sealTotpSecret = (secret: string) => encrypt(secretKeys().totp, secret);
const openTotpSecret = (sealed: string) => decrypt(secretKeys().totp, sealed);

export async function newTotpEnrolment(email: string): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const uri = totpUri(secret, email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/**
 * Accepts a TOTP code at most once: the step it belongs to must be later than the last
 * step this user spent, and recording it is a conditional UPDATE, so two concurrent
 * requests with the same code cannot both pass. `user` is as `lockUser` read it.
 */
export async function spendTotp(
  tx: Prisma.TransactionClient,
  user: LockedUser,
  code: string,
): Promise<boolean> {
  if (!user.totpSecret) return false;
  const step = await matchTotp(openTotpSecret(user.totpSecret), code, user.totpLastStep);
  if (step === null) return false;
  const recorded = await tx.$executeRaw`
    UPDATE "User" SET "totpLastStep" = ${step}
    WHERE id = ${user.id} AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`;
  return recorded === 1;
}

/**
 * Whether a refused code is one this user already spent (a replay, RFC 6238 §5.2) rather
 * than a wrong one. Asked only after a refusal, so a good code costs nothing more.
 */
export async function isReplayedTotp(user: LockedUser, code: string): Promise<boolean> {
  if (!user.totpSecret || user.totpLastStep === null) return false;
  const step = await matchTotp(openTotpSecret(user.totpSecret), code);
  return step !== null && step <= user.totpLastStep;
}

/** Keeps `secret` as the account's replacement key until `expiresAt`, replacing any earlier one. */
export async function stageReplacementKey(
  tx: Prisma.TransactionClient,
  userId: string,
  secret: string,
  expiresAt: Date,
): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: { pendingTotpSecret: sealTotpSecret(secret), pendingTotpExpiresAt: expiresAt },
  });
}

/**
 * Makes the replacement key the account's key, if `code` comes from it: the old key stops
 * working at once, and the code's step counts as spent. False when there is no live
 * replacement key, or the code is not from it.
 */
export async function confirmReplacementKey(
  tx: Prisma.TransactionClient,
  userId: string,
  code: string,
): Promise<boolean> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { pendingTotpSecret: true, pendingTotpExpiresAt: true },
  });
  const sealed = user?.pendingTotpSecret;
  if (!sealed || !user.pendingTotpExpiresAt || user.pendingTotpExpiresAt <= new Date())
    return false;
  const step = await matchTotp(openTotpSecret(sealed), code);
  if (step === null) return false;
  // Conditional on the key confirmed being the one staged: a replacement staged meanwhile wins.
  const swapped = await tx.$executeRaw`
    UPDATE "User" SET "totpSecret" = "pendingTotpSecret", "totpLastStep" = ${step},
                      "pendingTotpSecret" = NULL, "pendingTotpExpiresAt" = NULL
    WHERE id = ${userId} AND "pendingTotpSecret" = ${sealed}`;
  return swapped === 1;
}

/** Whether a replacement key is waiting for its confirming code. */
export async function hasReplacementKey(userId: string): Promise<boolean> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { pendingTotpExpiresAt: true },
  });
  return Boolean(user?.pendingTotpExpiresAt && user.pendingTotpExpiresAt > new Date());
}
