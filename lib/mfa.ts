import "server-only";
import { decrypt, encrypt, keyedHash } from "./crypto";
import { prisma } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { secretKeys } from "./keys";
import { verifyPassword } from "./passwords";
import { AppError } from "./problems";
import { newRecoveryCodes, normalizeRecoveryCode } from "./recovery-codes";
import { matchTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp";

// The user's second factors at rest: the TOTP secret encrypted (AES-256-GCM), the last
// TOTP step spent (no replay), and recovery codes as keyed hashes (single use).

type Tx = Prisma.TransactionClient;

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

export const sealTotpSecret = (secret: string) => encrypt(secretKeys().totp, secret);
const openTotpSecret = (sealed: string) => decrypt(secretKeys().totp, sealed);
const hashRecoveryCode = (code: string) =>
  keyedHash(secretKeys().codes, `recovery:${normalizeRecoveryCode(code)}`);

export async function newTotpEnrolment(email: string): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const uri = totpUri(secret, email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/** Replaces the user's recovery codes; returns the new ones in clear, to be shown once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
  });
  return codes;
}

/**
 * Accepts a TOTP code at most once: the step it belongs to must be later than the last
 * step this user spent, and recording it is a conditional UPDATE, so two concurrent
 * requests with the same code cannot both pass.
 */
export async function spendTotp(userId: string, code: string): Promise<boolean> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpLastStep: true },
  });
  if (!user?.totpSecret) return false;
  const step = await matchTotp(openTotpSecret(user.totpSecret), code, user.totpLastStep);
  if (step === null) return false;
  const recorded = await prisma.$executeRaw`
    UPDATE "User" SET "totpLastStep" = ${step}
    WHERE id = ${userId} AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`;
  return recorded === 1;
}

/** Marks one unused recovery code used; false when it is wrong or already spent. */
export async function spendRecoveryCode(userId: string, code: string): Promise<boolean> {
  const { count } = await prisma.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** New recovery codes (the old ones die), after the password and a fresh TOTP code. */
export async function regenerateRecoveryCodes(
  userId: string,
  password: string,
  totp: string,
): Promise<string[]> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError("unauthenticated", "This account no longer exists.");
  const ok = (await verifyPassword(password, user.passwordHash)) && (await spendTotp(userId, totp));
  if (!ok)
    throw new AppError("invalid_credentials", "The password or the authenticator code is wrong.");
  return prisma.$transaction((tx) => replaceRecoveryCodes(tx, userId));
}
